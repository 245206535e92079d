import { bodySize, runsDraw } from './fields.js';
import type { FormFonts } from './fonts.js';
import { headerDraw, signaturesDraw, titleDraw } from './header.js';
import type { Flow, Run } from './layout.js';
import { dateShortVi, formTitles, timeVi, type FormDossierView } from './model.js';

// Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả (one-stop.md §3.5; Circular 03/2025 renames
// it "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"). Signed and stamped by the head
// of the processing agency. The new date replaces the appointment for the applicant; statistics
// keep the original due date.

export function mau04Draw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  const a = view.apology;
  // The apology comes from the agency that decides the dossier, signed by its head.
  const agency = view.agency.parentName || view.agency.handlingAgency || view.agency.unitName;
  headerDraw(flow, fonts, view, { number: `Số: ${a?.number || '……/PXL'}`, dateIso: a?.issuedAt ?? view.printedAt });
  titleDraw(flow, fonts, formTitles['04']);
  flow.gap(6);
  flow.paragraph(
    [
      { text: 'Kính gửi: ', font: fonts.regular },
      { text: `Ông/Bà ${view.applicant.name}`, font: fonts.bold },
    ],
    fonts.regular,
    { size: bodySize + 0.5, align: 'center', after: 2 },
  );
  const contact = [view.applicant.address && `Địa chỉ: ${view.applicant.address}`, view.applicant.phone && `Số điện thoại: ${view.applicant.phone}`]
    .filter(Boolean)
    .join('; ');
  if (contact) flow.paragraph(`(${contact})`, fonts.italic, { size: bodySize - 0.5, align: 'center', after: 8 });

  const b = (text: string): Run => ({ text, font: fonts.bold });
  const t = (text: string): Run => ({ text, font: fonts.regular });
  const originalDue = a?.originalDueAt ?? view.dueAt;
  runsDraw(
    flow,
    fonts,
    [
      t(`Ngày ${dateShortVi(view.receivedAt)}, ${view.agency.unitName} tiếp nhận giải quyết hồ sơ của Ông/Bà về `),
      b(view.procedure.name),
      t('. Mã hồ sơ: '),
      b(view.dossierCode),
      t('. Thời gian hẹn trả kết quả: '),
      b(originalDue ? timeVi(originalDue) : '……………………'),
      t('.'),
    ],
    { firstIndent: 28 },
  );
  runsDraw(
    flow,
    fonts,
    [t(`Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà. Lý do: `), b(a?.reason || '……………………………………')],
    { firstIndent: 28 },
  );
  runsDraw(
    flow,
    fonts,
    [
      t(`Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. ${agency} xin lỗi Ông/Bà và hẹn trả kết quả vào `),
      b(a ? timeVi(a.newDueAt) : '…… giờ …… phút, ngày ……/……/……'),
      t('.'),
    ],
    { firstIndent: 28 },
  );
  runsDraw(flow, fonts, [t('Kính mong nhận được sự thông cảm của Ông/Bà./.')], { firstIndent: 28 });
  flow.gap(10);

  // "Nơi nhận" at the bottom left, the head of the agency's signature on the right.
  const top = flow.y;
  const half = flow.width / 2;
  flow.paragraph([{ text: 'Nơi nhận:', font: fonts.bold }], fonts.bold, { size: 10.5, width: half, after: 0 });
  for (const line of ['- Như trên;', `- ${view.agency.unitName};`, '- Lưu: VT.']) flow.paragraph(line, fonts.regular, { size: 9.5, width: half });
  const leftBottom = flow.y;
  flow.y = top;
  const [over, title] = splitTitle(a?.signerTitle ?? '');
  signaturesDraw(flow, fonts, [
    { title: '' },
    { over, title: title || 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)', name: a?.signerName },
  ]);
  flow.y = Math.min(flow.y, leftBottom);
}

/** "KT. Chủ tịch\nPhó Chủ tịch" → the delegation line and the signer's own title, in capitals. */
function splitTitle(text: string): [string | undefined, string] {
  const parts = text.split('\n').map((p) => p.trim().toUpperCase()).filter(Boolean);
  if (parts.length >= 2) return [parts[0], parts.slice(1).join(' ')];
  return [undefined, parts[0] ?? ''];
}
