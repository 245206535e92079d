import type { FormFonts } from './fonts.js';
import { textWidth, tickBox, type Flow, type Run } from './layout.js';
import type { FormDossierView } from './model.js';

// Label-and-value lines as the forms print them: the label in roman, the value in bold, wrapped
// under the label's start; and the applicant block that Mẫu 01, 02 and 03 share.

export const bodySize = 11.5;

export function fieldDraw(flow: Flow, fonts: FormFonts, label: string, value: string, opts: { dots?: boolean; x?: number } = {}): void {
  const shown = value.trim() || (opts.dots === false ? '' : '…………………………');
  const runs: Run[] = [{ text: `${label} `, font: fonts.regular }];
  if (shown) runs.push({ text: shown, font: value.trim() ? fonts.bold : fonts.regular });
  flow.paragraph(runs, fonts.regular, { size: bodySize, x: opts.x, after: 1 });
}

export function runsDraw(flow: Flow, fonts: FormFonts, runs: Run[], opts: { firstIndent?: number; align?: 'left' | 'center' } = {}): void {
  flow.paragraph(runs, fonts.regular, { size: bodySize, firstIndent: opts.firstIndent, align: opts.align, after: 1 });
}

/** Name, identity number, address, phone and e-mail of the person filing (người nộp hồ sơ). */
export function applicantDraw(flow: Flow, fonts: FormFonts, view: FormDossierView, nameLabel: string): void {
  fieldDraw(flow, fonts, nameLabel, view.applicant.name);
  if (view.applicant.idNumber) fieldDraw(flow, fonts, 'Số CCCD/Mã số thuế:', view.applicant.idNumber);
  fieldDraw(flow, fonts, 'Địa chỉ:', view.applicant.address);
  runsDraw(flow, fonts, [
    { text: 'Số điện thoại: ', font: fonts.regular },
    { text: view.applicant.phone || '……………………', font: view.applicant.phone ? fonts.bold : fonts.regular },
    { text: '      Email: ', font: fonts.regular },
    { text: view.applicant.email || '……………………', font: view.applicant.email ? fonts.bold : fonts.regular },
  ]);
}

/** A row of labelled tick boxes on one line: [x] Bản chính  [ ] Bản sao … */
export function ticksDraw(flow: Flow, fonts: FormFonts, options: { label: string; checked: boolean }[], x: number, size = bodySize): void {
  const side = size * 0.75;
  let cx = x;
  const baseline = flow.y - size;
  for (const o of options) {
    tickBox(flow.page, cx, baseline - 1, side, o.checked);
    cx += side + 4;
    flow.page.drawText(o.label, { x: cx, y: baseline, size, font: fonts.regular });
    cx += textWidth(fonts.regular, o.label, size) + 16;
  }
  flow.y -= size * 1.32 + 1;
}
