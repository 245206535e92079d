import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pageImageRender } from './fake/pageImage.js';
import { imageComplete, imageInfo, mimeSniff } from './imageInfo.js';

describe('imageInfo / imageComplete', () => {
  it('reads PNG size and pHYs resolution; a truncated PNG is not complete', async () => {
    const png = (await pageImageRender({ index: 0, dpi: 150, colorMode: 'bw', format: 'png' })).bytes;
    expect(imageInfo(png)).toEqual({ mime: 'image/png', width: 1240, height: 1754, dpi: 150 });
    expect(imageComplete(png)).toBe(true);
    expect(imageComplete(png.subarray(0, png.length - 5))).toBe(false);
  });

  it('reads a hand-made JFIF header with density in dots per cm', () => {
    const jfif = [0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 2, 0, 118, 0, 118, 0, 0];
    const sof = [0xff, 0xc0, 0, 11, 8, 0x01, 0x00, 0x02, 0x00, 1, 1, 0x11, 0];
    const b = new Uint8Array([...jfif, ...sof, 0xff, 0xd9]);
    expect(imageInfo(b)).toEqual({ mime: 'image/jpeg', width: 512, height: 256, dpi: 300 });
    expect(imageComplete(b)).toBe(true);
    expect(imageComplete(b.subarray(0, b.length - 1))).toBe(false);
  });

  it('reads a PDF page box and needs %%EOF at the end', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const pdf = await doc.save({ useObjectStreams: false }); // page boxes inside object streams read as 0×0
    expect(imageInfo(pdf)).toEqual({ mime: 'application/pdf', width: 595, height: 842, dpi: 72 });
    expect(imageComplete(pdf)).toBe(true);
    expect(imageComplete(pdf.subarray(0, pdf.length - 10))).toBe(false);
  });

  it('knows nothing of other bytes', () => {
    expect(mimeSniff(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    expect(imageInfo(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(imageComplete(new Uint8Array())).toBe(false);
  });
});
