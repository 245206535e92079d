import { rgb, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

// The dossier code as a QR symbol (Circular 01/2018 allows a barcode or QR beside the code).
// Drawn as vector rectangles: crisp at any printer resolution and a few hundred bytes, where a
// PNG would need resampling. Horizontal runs of dark modules merge into one rectangle.

export interface QrPlacement {
  x: number;
  /** Bottom edge in PDF points. */
  y: number;
  /** Side of the symbol without the quiet zone. */
  size: number;
}

export function qrMatrix(text: string): { size: number; dark: (row: number, col: number) => boolean } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  return { size, dark: (row, col) => data[row * size + col] === 1 };
}

export function qrDraw(page: PDFPage, text: string, at: QrPlacement): void {
  const m = qrMatrix(text);
  const cell = at.size / m.size;
  const black = rgb(0, 0, 0);
  for (let row = 0; row < m.size; row += 1) {
    let col = 0;
    while (col < m.size) {
      if (!m.dark(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < m.size && m.dark(row, col)) col += 1;
      // Tiny overlap hides hairline gaps some PDF rasterisers leave between adjacent rectangles.
      page.drawRectangle({
        x: at.x + start * cell,
        y: at.y + at.size - (row + 1) * cell - 0.05,
        width: (col - start) * cell,
        height: cell + 0.1,
        color: black,
      });
    }
  }
}
