import { applicantDraw, bodySize, fieldDraw, runsDraw } from './fields.js';
import type { FormFonts } from './fonts.js';
import { headerDraw, signaturesDraw, titleDraw } from './header.js';
import type { Flow } from './layout.js';
import { procedureText } from './mau01.js';
import { formTitles, timeVi, type FormDossierView } from './model.js';

// Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (one-stop.md §3.4). After it the national
// status is 3 "Không được tiếp nhận"; the reason must be specific, as the applicant may contest it.

export function mau03Draw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  const r = view.refusal;
  headerDraw(flow, fonts, view, {
    number: `Số: ${r?.number || '……/TCHS'}`,
    dateIso: r?.refusedAt ?? view.printedAt,
  });
  titleDraw(flow, fonts, formTitles['03']);
  flow.paragraph([{ text: 'Mã hồ sơ: ', font: fonts.regular }, { text: view.dossierCode, font: fonts.bold }], fonts.regular, {
    size: bodySize,
    align: 'center',
    after: 8,
  });
  fieldDraw(flow, fonts, `${view.agency.unitName}:`, '', { dots: false });
  applicantDraw(flow, fonts, view, 'Tiếp nhận hồ sơ của:');
  fieldDraw(flow, fonts, 'Nội dung yêu cầu giải quyết:', procedureText(view));
  fieldDraw(flow, fonts, 'Thời gian tiếp nhận:', timeVi(view.receivedAt));
  flow.gap(4);
  runsDraw(
    flow,
    fonts,
    [
      { text: `Qua xem xét, ${view.agency.unitName} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: `, font: fonts.regular },
      { text: r?.reason || '…………………………………………………………………………', font: r?.reason ? fonts.bold : fonts.regular },
    ],
    { firstIndent: 28 },
  );
  flow.gap(2);
  runsDraw(flow, fonts, [{ text: 'Xin thông báo cho Ông/Bà được biết và thực hiện./.', font: fonts.regular }], { firstIndent: 28 });
  flow.gap(12);
  signaturesDraw(flow, fonts, [{ title: '' }, { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: view.clerkName }], bodySize);
}
