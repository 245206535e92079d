import { applicantDraw, bodySize, fieldDraw, runsDraw, ticksDraw } from './fields.js';
import type { FormFonts } from './fonts.js';
import { headerDraw, signaturesDraw, titleDraw } from './header.js';
import type { Flow } from './layout.js';
import { componentKindVi, countVi, formTitles, moneyVi, timeVi, type FormDossierView } from './model.js';
import { qrDraw } from './qr.js';
import { tableDraw } from './table.js';

// Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (one-stop.md §3.2). Printed in two copies
// ("liên"): one stays with the control slip at the counter, one goes to the applicant. The QR
// symbol carries the dossier code (Circular 01/2018 allows barcode/QR beside the code).

export const mau01Copies = ['Liên 1: Lưu', 'Liên 2: Giao khách hàng'] as const;

const notes = [
  'Giấy tiếp nhận và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm theo Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận tiếp nhận và trả kết quả; một liên giao cho cá nhân, tổ chức nộp hồ sơ.',
  'Cá nhân, tổ chức có thể đăng ký nhận kết quả tại Bộ phận tiếp nhận và trả kết quả hoặc tại nhà (trụ sở tổ chức) qua dịch vụ bưu chính.',
];

export function mau01Draw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  mau01Copies.forEach((copy, i) => {
    if (i > 0) flow.newPage();
    copyDraw(flow, fonts, view, copy);
  });
}

function copyDraw(flow: Flow, fonts: FormFonts, view: FormDossierView, copy: string): void {
  headerDraw(flow, fonts, view, { dateIso: view.receivedAt });
  // Title, code and copy label centred in the space left of the QR symbol.
  const qrSize = 58;
  const top = flow.y;
  const textW = flow.width - qrSize - 6;
  titleDraw(flow, fonts, formTitles['01'], 14, textW);
  flow.paragraph(
    [
      { text: 'Mã hồ sơ: ', font: fonts.regular },
      { text: view.dossierCode, font: fonts.bold },
    ],
    fonts.regular,
    { size: bodySize, align: 'center', width: textW },
  );
  flow.paragraph(`(${copy})`, fonts.italic, { size: bodySize, align: 'center', width: textW });
  const qrY = top - qrSize;
  qrDraw(flow.page, view.dossierCode, { x: flow.right - qrSize, y: qrY, size: qrSize });
  flow.y = Math.min(flow.y, qrY) - 4;

  fieldDraw(flow, fonts, 'Bộ phận tiếp nhận và trả kết quả:', view.agency.unitName);
  applicantDraw(flow, fonts, view, 'Tiếp nhận hồ sơ của:');
  fieldDraw(flow, fonts, 'Nội dung yêu cầu giải quyết:', procedureText(view));

  runsDraw(flow, fonts, [{ text: '1. Thành phần hồ sơ nộp gồm:', font: fonts.regular }]);
  if (view.components.length > 0) {
    tableDraw(
      flow,
      [
        { title: 'STT', width: 7, align: 'center' },
        { title: 'Tên giấy tờ', width: 55 },
        { title: 'Loại giấy tờ', width: 24, align: 'center' },
        { title: 'Số lượng', width: 12, align: 'center' },
      ],
      view.components.map((c, i) => [String(i + 1), c.name, componentKindVi[c.kind], countVi(c.quantity)]),
      { font: fonts.regular, bold: fonts.bold, size: 11, padding: 2.5 },
    );
    flow.gap(3);
  } else {
    runsDraw(flow, fonts, [{ text: '(1) …………………………………………', font: fonts.regular }]);
  }
  fieldDraw(flow, fonts, '2. Số lượng hồ sơ:', `${countVi(view.setCount)} (bộ)`);
  fieldDraw(flow, fonts, '3. Thời gian giải quyết hồ sơ theo quy định là:', view.procedure.durationText);
  fieldDraw(flow, fonts, '4. Thời gian nhận hồ sơ:', timeVi(view.receivedAt));
  fieldDraw(flow, fonts, '5. Thời gian trả kết quả giải quyết hồ sơ:', view.dueAt ? timeVi(view.dueAt) : '');
  runsDraw(flow, fonts, [{ text: '6. Đăng ký nhận kết quả tại:', font: fonts.regular }]);
  const post = view.resultDelivery.mode === 'post';
  ticksDraw(
    flow,
    fonts,
    [
      { label: 'Bộ phận tiếp nhận và trả kết quả', checked: !post },
      { label: 'Qua dịch vụ bưu chính công ích', checked: post },
    ],
    flow.left + 18,
  );
  if (post && view.resultDelivery.address) fieldDraw(flow, fonts, 'Địa chỉ nhận:', view.resultDelivery.address, { x: flow.left + 18 });
  fieldDraw(flow, fonts, '7. Phí, lệ phí (nếu có):', feesText(view));
  runsDraw(flow, fonts, [
    { text: 'Vào Sổ theo dõi hồ sơ, Quyển số: ', font: fonts.regular },
    { text: view.logbook?.volume ?? '……', font: view.logbook ? fonts.bold : fonts.regular },
    { text: '   Số thứ tự: ', font: fonts.regular },
    { text: view.logbook ? String(view.logbook.seq) : '……', font: view.logbook ? fonts.bold : fonts.regular },
  ]);
  flow.gap(6);
  signaturesDraw(flow, fonts, [
    { title: 'NGƯỜI NỘP HỒ SƠ', name: view.applicant.name },
    { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: view.clerkName },
  ], bodySize, 42);
  notesDraw(flow, fonts, view);
}

export function procedureText(view: FormDossierView): string {
  return view.procedure.code ? `${view.procedure.name} (Mã TTHC: ${view.procedure.code})` : view.procedure.name;
}

function feesText(view: FormDossierView): string {
  if (view.fees.length === 0) return 'Không';
  const total = view.fees.reduce((s, f) => s + f.amount, 0);
  const parts = view.fees.map((f) => `${f.name}: ${moneyVi(f.amount)}`);
  return view.fees.length === 1 ? (parts[0] as string) : `${moneyVi(total)} (${parts.join('; ')})`;
}

function notesDraw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  const size = 9.5;
  flow.ensure(size * 6);
  flow.paragraph([{ text: 'Ghi chú:', font: fonts.bold }], fonts.bold, { size, after: 0 });
  for (const note of notes) flow.paragraph(`- ${note}`, fonts.italic, { size, indent: 8, after: 0 });
  const contact = [
    view.agency.lookupUrl ? `tra cứu tình trạng hồ sơ tại ${view.agency.lookupUrl}` : '',
    view.agency.hotline ? `đường dây nóng ${view.agency.hotline}` : '',
  ].filter(Boolean);
  const tail = 'Khi đến nhận kết quả, mang theo giấy hẹn, CCCD, lệ phí (nếu có) và giấy ủy quyền (nếu không phải chính chủ).';
  flow.paragraph(`- ${contact.length ? `Cá nhân, tổ chức có thể ${contact.join(', ')}. ` : ''}${tail}`, fonts.italic, {
    size,
    indent: 8,
  });
}
