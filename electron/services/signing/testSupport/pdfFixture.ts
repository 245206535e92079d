import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A small two-page PDF; `objectStreams` picks an xref stream (PDF 1.5+) or a classic table. */
export async function pdfFixture(objectStreams = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['Giay to so hoa - trang 1', 'Trang 2']) {
    doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font });
  }
  return doc.save({ useObjectStreams: objectStreams });
}
