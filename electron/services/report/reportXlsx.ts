import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { tableReportSchema } from '../../../shared/contract/report.js';

type Report = z.output<typeof tableReportSchema>;

/** One worksheet per section, a bold header row, numbers kept as numbers (so sums work in Excel). */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'MộtCửa';
  book.title = report.title;
  report.sections.forEach((section, i) => {
    const name = (section.heading || `Bảng ${i + 1}`).replace(/[\\/*?:[\]]/g, ' ').slice(0, 31);
    const sheet = book.addWorksheet(name);
    sheet.addRow([report.title]).font = { bold: true, size: 13 };
    if (report.subtitle) sheet.addRow([report.subtitle]);
    sheet.addRow([]);
    sheet.addRow(section.columns).font = { bold: true };
    for (const row of section.rows) sheet.addRow(row);
    sheet.columns.forEach((col) => {
      col.width = 18;
    });
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
