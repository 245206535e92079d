import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { DecodedReceipt } from '../../../shared/escpos/decoder.js';
import type { PaperBitmap } from '../../../shared/escpos/paper.js';

// Test-side helpers around the pure decoder (pngjs and jsqr are dev dependencies): PNG output
// of the simulated paper, and reading QR codes back from the dots (as a phone at the counter would).
export { qrMatrix } from './qrMatrix.js';

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

/** Reads QR symbols anywhere on the paper (also ones sent as raster images). */
export function paperQrScan(sheet: PaperBitmap): string | undefined {
  const { width, height, data } = sheet.rgba(1);
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width, height)?.data;
}
