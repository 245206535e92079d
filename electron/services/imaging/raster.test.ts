import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitsPack, darkBorders, histogram, levelsStretch, otsuThreshold, type GreyRaster } from './raster.js';

function unpack(bits: Uint8Array, width: number, height: number): Uint8Array {
  const rowBytes = (width + 7) >> 3;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = ((bits[y * rowBytes + (x >> 3)] as number) >> (7 - (x & 7))) & 1;
  }
  return out;
}

describe('bitsPack', () => {
  it('packs any raster into PDF 1-bit rows that unpack to the thresholded pixels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 255 }), fc.infiniteStream(fc.nat(255)), (width, height, cut, values) => {
        const data = Uint8Array.from(values.take(width * height));
        const bits = bitsPack({ data, width, height }, cut);
        expect(bits.length).toBe(((width + 7) >> 3) * height);
        const back = unpack(bits, width, height);
        for (let i = 0; i < data.length; i++) expect(back[i]).toBe((data[i] as number) >= cut ? 1 : 0);
        // Row padding stays white.
        const rowBytes = (width + 7) >> 3;
        const padBits = rowBytes * 8 - width;
        if (padBits > 0) expect((bits[rowBytes - 1] as number) & ((1 << padBits) - 1)).toBe((1 << padBits) - 1);
      }),
    );
  });
});

describe('levels and threshold', () => {
  it('Otsu separates two populations, and levels make noisy paper pure white', () => {
    const data = new Uint8Array(10_000);
    for (let i = 0; i < data.length; i++) data[i] = i % 20 === 0 ? 30 + (i % 7) : 215 + (i % 29);
    const r: GreyRaster = { data, width: 100, height: 100 };
    const cut = otsuThreshold(histogram(r));
    expect(cut).toBeGreaterThan(36);
    expect(cut).toBeLessThan(215);
    const s = levelsStretch(r);
    const h = histogram(s);
    expect(h[255]! / data.length).toBeGreaterThan(0.6);
    expect(s.data[0]).toBeLessThan(20);
  });

  it('finds the dark lid borders of a scan', () => {
    const width = 200;
    const height = 100;
    const data = new Uint8Array(width * height).fill(240);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (x < 7 || y >= height - 4) data[y * width + x] = 10;
    expect(darkBorders({ data, width, height })).toEqual({ left: 7, top: 0, right: 0, bottom: 4 });
  });
});
