import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { escposDecode } from '../../../shared/escpos/decoder.js';
import { printerProfileFind, type PrintMode } from '../../../shared/escpos/profiles.js';
import { receiptEncode } from '../../../shared/escpos/receiptEncode.js';
import { receiptLayout } from '../../../shared/escpos/receiptLayout.js';
import { receiptSample } from '../../../shared/escpos/receiptView.js';
import { paperPng, paperQrRead, paperQrScan, qrMatrix } from './paperImage.js';

// Golden receipts: what the paper shows in each mode, committed as PNG. Regenerate after an
// intended layout change with UPDATE_GOLDENS=1 and look at the images before committing.

const dir = new URL('../../../tests/fixtures/receipts/', import.meta.url);
const cases: { profile: string; mode: PrintMode }[] = [
  { profile: 'epson-tm-t20', mode: 'text' },
  { profile: 'xprinter-80', mode: 'glyph' },
  { profile: 'xprinter-80', mode: 'mixed' },
  { profile: 'generic-raster-80', mode: 'raster' },
  { profile: 'xprinter-58', mode: 'glyph' },
  { profile: 'sunmi-58', mode: 'mixed' },
];

describe('golden receipts', () => {
  for (const c of cases) {
    it(`${c.profile} in ${c.mode} mode matches its golden image and its QR reads back`, () => {
      const profile = printerProfileFind(c.profile)!;
      const { bytes } = receiptEncode(receiptLayout(receiptSample, profile.paperDots), profile, c.mode);
      const decoded = escposDecode(bytes, { paperDots: profile.paperDots, cp1258Page: profile.cp1258Page, qrRender: qrMatrix });
      expect(paperQrRead(decoded)).toEqual([receiptSample.dossierCode]);
      const png = paperPng(decoded.sheet);
      const file = new URL(`receipt-${profile.paperDots === 576 ? 80 : 58}mm-${c.mode}.png`, dir);
      if (process.env.UPDATE_GOLDENS === '1') {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, png);
      }
      expect(existsSync(file), `missing golden ${file.pathname} (run with UPDATE_GOLDENS=1)`).toBe(true);
      const want = PNG.sync.read(readFileSync(file));
      const got = PNG.sync.read(png);
      expect([got.width, got.height]).toEqual([want.width, want.height]);
      let differing = 0;
      for (let i = 0; i < got.data.length; i += 4) if (got.data[i] !== want.data[i]) differing++;
      expect(differing).toBe(0);
    });
  }

  it('draws the QR as raster on a model without GS ( k, with the same dots as the native QR', () => {
    const legacy = printerProfileFind('legacy-80')!;
    const { bytes } = receiptEncode(receiptLayout(receiptSample, 576), legacy, 'glyph', { qrMatrix });
    const decoded = escposDecode(bytes, { paperDots: 576, qrRender: qrMatrix });
    expect(decoded.qrs).toEqual([]);
    expect(paperQrScan(decoded.sheet)).toBe(receiptSample.dossierCode);
    const want = PNG.sync.read(readFileSync(new URL('receipt-80mm-glyph.png', dir)));
    expect(Buffer.from(PNG.sync.read(paperPng(decoded.sheet)).data).equals(Buffer.from(want.data))).toBe(true);
  });
});
