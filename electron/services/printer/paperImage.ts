import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import type { QrEcLevel } from '../../../shared/escpos/commands.js';
import type { DecodedReceipt, QrMatrix } from '../../../shared/escpos/decoder.js';
import type { PaperBitmap } from '../../../shared/escpos/paper.js';

// Node-side helpers around the pure decoder: the printer firmware's QR encoder, PNG output of
// the simulated paper, and reading QR codes back from the dots (as a phone at the counter would).

export function qrMatrix(data: string, ec: QrEcLevel): QrMatrix {
  const code = QRCode.create(data, { errorCorrectionLevel: ec });
  return { size: code.modules.size, get: (x, y) => code.modules.get(y, x) === 1 };
}

export function paperPng(sheet: PaperBitmap, scale = 1): Buffer {
  const { width, height, data } = sheet.rgba(scale);
  const png = new PNG({ width, height });
  png.data = Buffer.from(data);
  return PNG.sync.write(png);
}

/** Reads every QR symbol the paper shows, cropping around each with a white quiet zone. */
export function paperQrRead(decoded: DecodedReceipt): string[] {
  const found: string[] = [];
  for (const q of decoded.qrs) {
    const pad = 16;
    const w = q.dots + pad * 2;
    const rgba = new Uint8ClampedArray(w * w * 4).fill(255);
    for (let y = 0; y < q.dots; y++) {
      for (let x = 0; x < q.dots; x++) {
        if (!decoded.sheet.get(q.x + x, q.y + y)) continue;
        const p = ((y + pad) * w + x + pad) * 4;
        rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
      }
    }
    const result = jsQR(rgba, w, w);
    if (result) found.push(result.data);
  }
  return found;
}
