import type { FormFonts } from './fonts.js';
import type { PDFFont } from 'pdf-lib';
import { lineDraw, runsWrap, sizeFit, textWidth, type Flow, type Line } from './layout.js';
import { dateLongVi, formNumbers, type FormDossierView, type FormKind } from './model.js';

// The parts every administrative document shares (Decree 30/2020/NĐ-CP layout): the agency block
// on the left (cơ quan chủ quản, then the issuing unit in bold, a short rule), the national
// title and motto on the right (Quốc hiệu, Tiêu ngữ with a rule as long as the motto), the number
// and the italic place-and-date line, the form title, and the signature blocks at the bottom.

export const nationalTitle = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const nationalMotto = 'Độc lập - Tự do - Hạnh phúc';

export interface HeaderOptions {
  /** "Số: 12/HDHS"; omitted on forms that carry no number. */
  number?: string;
  /** Date for "<place>, ngày … tháng … năm …"; omitted prints no date line. */
  dateIso?: string;
  /** Share of the content width given to the agency block (default: what the national title leaves). */
  leftShare?: number;
  size?: number;
}

/** Draws the two-column header and moves the flow below it. */
export function headerDraw(flow: Flow, fonts: FormFonts, view: FormDossierView, opts: HeaderOptions = {}): void {
  const size = opts.size ?? 11;
  const lh = size * 1.25;
  // The right column is as wide as the national title needs; the agency block takes the rest.
  const leftW = opts.leftShare ? flow.width * opts.leftShare : flow.width - textWidth(fonts.bold, nationalTitle, size) - 14;
  const rightX = flow.left + leftW;
  const rightW = flow.width - leftW;
  const top = flow.y;
  const page = flow.page;

  // Left: agency block, centred in its column.
  let y = top;
  // Each name shrinks to one line where it can (down to 10 pt), and wraps beyond that.
  const leftLines: { line: Line; size: number }[] = [];
  const leftAdd = (text: string, font: PDFFont): void => {
    const fitted = sizeFit(text, font, size, leftW - 8, 9.5);
    const s = textWidth(font, text, fitted) <= leftW - 8 ? fitted : size;
    for (const line of runsWrap([{ text, font }], s, leftW - 8)) leftLines.push({ line, size: s });
  };
  if (view.agency.parentName) leftAdd(view.agency.parentName.toUpperCase(), fonts.regular);
  leftAdd(view.agency.unitName.toUpperCase(), fonts.bold);
  for (const { line, size: s } of leftLines) {
    lineDraw(page, line, flow.left, y - s, s, 'center', leftW - 8);
    y -= s * 1.25;
  }
  const leftRule = Math.min(leftW * 0.4, Math.max(...leftLines.map((l) => l.line.width)) * 0.6);
  const leftMid = flow.left + (leftW - 8) / 2;
  flow.rule(leftMid - leftRule / 2, leftMid + leftRule / 2, y - size * 0.45);
  const leftBottom = y - size * 0.75;

  // Right: Quốc hiệu (bold capitals) and Tiêu ngữ (bold) with a rule of the motto's length.
  y = top;
  const titleSize = sizeFit(nationalTitle, fonts.bold, size, rightW);
  const titleLine = runsWrap([{ text: nationalTitle, font: fonts.bold }], titleSize, rightW)[0];
  if (titleLine) lineDraw(page, titleLine, rightX, y - titleSize, titleSize, 'center', rightW);
  y -= lh;
  const mottoSize = size + 1;
  const motto = runsWrap([{ text: nationalMotto, font: fonts.bold }], mottoSize, rightW)[0];
  if (motto) {
    lineDraw(page, motto, rightX, y - mottoSize, mottoSize, 'center', rightW);
    y -= mottoSize * 1.25;
    flow.rule(rightX + (rightW - motto.width) / 2, rightX + (rightW + motto.width) / 2, y - mottoSize * 0.15);
  }
  const rightBottom = y - size * 0.5;

  // Number on the left, place and date on the right, on one baseline below both rules.
  y = Math.min(leftBottom, rightBottom) - size * 0.6;
  if (opts.number) {
    const line = runsWrap([{ text: opts.number, font: fonts.regular }], size, leftW - 8)[0];
    if (line) lineDraw(page, line, flow.left, y - size, size, 'center', leftW - 8);
  }
  if (opts.dateIso) {
    const place = `${view.agency.placeName || '…………'}, `;
    const text = `${place}${dateLongVi(opts.dateIso)}`;
    const dsize = sizeFit(text, fonts.italic, size, rightW);
    const line = runsWrap([{ text, font: fonts.italic }], dsize, rightW)[0];
    if (line) lineDraw(page, line, rightX, y - dsize, dsize, 'center', rightW);
  }
  if (opts.number || opts.dateIso) y -= lh;
  flow.y = y - size * 0.8;
}

/** The form title, bold capitals, centred, wrapped if needed. */
export function titleDraw(flow: Flow, fonts: FormFonts, title: string, size = 14, width = flow.width): void {
  flow.paragraph(title, fonts.bold, { size, align: 'center', after: 2, width });
}

export interface SignatureBlock {
  /** "NGƯỜI NỘP HỒ SƠ" */
  title: string;
  /** "(Ký và ghi rõ họ tên)" */
  note?: string;
  /** Printed under the signing space when known. */
  name?: string;
  /** A line above the title (e.g. "TL. CHỦ TỊCH"). */
  over?: string;
}

/** Signature blocks side by side (left to right), with room to sign. */
export function signaturesDraw(flow: Flow, fonts: FormFonts, blocks: readonly SignatureBlock[], size = 12, room = 62): void {
  const colW = flow.width / Math.max(blocks.length, 1);
  const lh = size * 1.3;
  flow.ensure(lh * 3 + room + lh);
  const top = flow.y;
  let bottom = top;
  blocks.forEach((b, i) => {
    if (!b.title) return;
    const x = flow.left + i * colW;
    let y = top;
    const put = (text: string, font: typeof fonts.regular, s = size): void => {
      for (const line of runsWrap([{ text, font }], s, colW - 6)) {
        lineDraw(flow.page, line, x + 3, y - s, s, 'center', colW - 6);
        y -= s * 1.3;
      }
    };
    if (b.over) put(b.over, fonts.bold);
    put(b.title, fonts.bold);
    put(b.note ?? '(Ký và ghi rõ họ tên)', fonts.italic, size - 1);
    y -= room;
    if (b.name) put(b.name, fonts.bold);
    bottom = Math.min(bottom, y);
  });
  // A block with a blank title stays an empty column, which keeps a lone signer on the right.
  flow.y = bottom - lh * 0.4;
}

/**
 * "Mẫu số 01 (Thông tư số 01/2018/TT-VPCP)" in the top margin, right-aligned, on every page, as
 * the appendices of the circulars print it; the flow's content area is left untouched.
 */
export function formNumberDraw(flow: Flow, fonts: FormFonts, kind: FormKind, view: FormDossierView): void {
  const set = formNumbers[view.templateSet];
  const size = 9;
  const runs = [
    { text: `Mẫu số ${set.numbers[kind]} `, font: fonts.bold },
    { text: `(${set.circular})`, font: fonts.italic },
  ];
  const line = runsWrap(runs, size, flow.width)[0];
  if (!line) return;
  const baseline = flow.pageSize[1] - flow.margin.top * 0.55;
  for (const page of flow.pages) lineDraw(page, line, flow.left, baseline, size, 'right', flow.width);
}
