import fontkit from '@pdf-lib/fontkit';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { z } from 'zod';
import type { tableReportSchema } from '../../../shared/contract/report.js';

type Report = z.output<typeof tableReportSchema>;

const A4: [number, number] = [842, 595]; // landscape: end-of-day tables are wide
const margin = 36;

function fit(font: PDFFont, text: string, size: number, width: number): string {
  let t = text;
  while (t.length > 1 && font.widthOfTextAtSize(t, size) > width) t = t.slice(0, -2) + '…';
  return t;
}

/** A plain A4 landscape PDF of the report's tables, with a Vietnamese-capable embedded font. */
export async function reportPdf(report: Report, fontDir: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(report.title);
  doc.setCreator('MộtCửa');
  const regular = await doc.embedFont(await readFile(join(fontDir, 'NotoSerif-Regular.ttf')), { subset: true });
  const bold = await doc.embedFont(await readFile(join(fontDir, 'NotoSerif-Bold.ttf')), { subset: true });
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - margin;
  const line = (text: string, font: PDFFont, size: number, x = margin): void => {
    if (y < margin + size) {
      page = doc.addPage(A4);
      y = A4[1] - margin;
    }
    page.drawText(text, { x, y, size, font, color: rgb(0, 0, 0) });
    y -= size * 1.5;
  };
  line(report.title, bold, 14);
  if (report.subtitle) line(report.subtitle, regular, 10);
  for (const section of report.sections) {
    y -= 6;
    line(section.heading, bold, 11);
    const colWidth = (A4[0] - 2 * margin) / section.columns.length;
    const row = (cells: (string | number)[], font: PDFFont): void => {
      if (y < margin + 10) {
        page = doc.addPage(A4);
        y = A4[1] - margin;
      }
      cells.forEach((c, i) => page.drawText(fit(font, String(c), 9, colWidth - 4), { x: margin + i * colWidth, y, size: 9, font }));
      page.drawLine({ start: { x: margin, y: y - 3 }, end: { x: A4[0] - margin, y: y - 3 }, thickness: 0.3, color: rgb(0.6, 0.6, 0.6) });
      y -= 14;
    };
    row(section.columns, bold);
    for (const r of section.rows) row(r, regular);
  }
  return Buffer.from(await doc.save());
}
