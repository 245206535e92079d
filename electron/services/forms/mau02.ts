import { applicantDraw, bodySize, fieldDraw, runsDraw } from './fields.js';
import type { FormFonts } from './fonts.js';
import { headerDraw, signaturesDraw, titleDraw } from './header.js';
import type { Flow } from './layout.js';
import { procedureText } from './mau01.js';
import { componentKindVi, countVi, formTitles, timeVi, type FormDossierView } from './model.js';
import { tableDraw } from './table.js';

// Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (one-stop.md §3.3, after the Thanh Hóa
// template "Theo Mẫu số 02 ... Thông tư số 01/2018/TT-VPCP"). The request must list everything
// at once ("hướng dẫn một lần"): a second request counts the dossier as late under Decision 766.

export function mau02Draw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  const s = view.supplement;
  headerDraw(flow, fonts, view, {
    number: `Số: ${s?.number || '……/HDHS'}`,
    dateIso: s?.requestedAt ?? view.printedAt,
  });
  titleDraw(flow, fonts, formTitles['02']);
  flow.paragraph([{ text: 'Mã hồ sơ: ', font: fonts.regular }, { text: view.dossierCode, font: fonts.bold }], fonts.regular, {
    size: bodySize,
    align: 'center',
    after: 8,
  });
  fieldDraw(flow, fonts, `${view.agency.unitName}:`, '', { dots: false });
  applicantDraw(flow, fonts, view, 'Tiếp nhận hồ sơ/yêu cầu của Ông/Bà:');
  fieldDraw(flow, fonts, 'Nội dung yêu cầu giải quyết:', procedureText(view));
  fieldDraw(flow, fonts, 'Thời gian tiếp nhận:', timeVi(view.receivedAt));
  flow.gap(3);
  runsDraw(flow, fonts, [{ text: 'Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:', font: fonts.regular }]);
  const items = s?.items ?? [];
  tableDraw(
    flow,
    [
      { title: 'TT', width: 6, align: 'center' },
      { title: 'Thành phần hồ sơ', width: 44 },
      { title: 'Số lượng', width: 11, align: 'center' },
      { title: 'Loại (bản chính, bản chứng thực, bản photo)', width: 20, align: 'center' },
      { title: 'Ghi chú', width: 19 },
    ],
    items.length > 0
      ? items.map((c, i) => [
          String(i + 1),
          c.name,
          c.quantity === undefined ? '' : countVi(c.quantity),
          c.kind ? componentKindVi[c.kind] : '',
          c.note,
        ])
      : [['1', '', '', '', '']],
    { font: fonts.regular, bold: fonts.bold, size: 11, headerSize: 10.5, minRowHeight: 18 },
  );
  flow.gap(4);
  fieldDraw(flow, fonts, 'Lý do:', s?.reason ?? '');
  flow.gap(2);
  const lookup = view.agency.lookupUrl || '……………………';
  runsDraw(
    flow,
    fonts,
    [
      {
        text: `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà có thể tra cứu tại ${lookup} hoặc liên hệ với công chức `,
        font: fonts.regular,
      },
      { text: view.clerkName || '……………………', font: view.clerkName ? fonts.bold : fonts.regular },
      { text: ', số điện thoại ', font: fonts.regular },
      { text: view.clerkPhone || '……………………', font: view.clerkPhone ? fonts.bold : fonts.regular },
      { text: ' để được hướng dẫn./.', font: fonts.regular },
    ],
    { firstIndent: 28 },
  );
  flow.gap(10);
  signaturesDraw(flow, fonts, [{ title: '' }, { title: 'NGƯỜI HƯỚNG DẪN', name: view.clerkName }], bodySize);
}
