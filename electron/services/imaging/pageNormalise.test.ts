import sharp from 'sharp';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pageRender } from '../../../tests/fixtures/ocr/pageRender.js';
import { pageNormalise } from './pageNormalise.js';

describe('pageNormalise (no OCR)', () => {
  it('bilevel: a 1-bit Flate bitmap of the page size, and a smaller CCITT G4 strip by default', async () => {
    const page = await pageRender({ dpi: 200 });
    const n = await pageNormalise(page.png, { mode: 'bilevel', dpi: 200, bilevel: 'flate' });
    expect(n.encoding.kind).toBe('bits-flate');
    expect(inflateSync(n.encoding.bytes).length).toBe(((n.width + 7) >> 3) * n.height);
    expect(n.encoding.bytes.length).toBeLessThan(60_000);
    // The default, CCITT G4, is smaller still.
    const g4 = await pageNormalise(page.png, { mode: 'bilevel', dpi: 200 });
    expect(g4.encoding.kind).toBe('ccitt-g4');
    expect(g4.encoding.bytes.length).toBeLessThan(n.encoding.bytes.length * 0.8);
    expect(n.blank).toBe(false);
    expect(n.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gray: a one-channel JPEG; an upside-down page comes back upright', async () => {
    const page = await pageRender({ dpi: 150, turn: 180 });
    const n = await pageNormalise(page.png, { mode: 'gray', dpi: 150 });
    expect(n.encoding.kind).toBe('jpeg');
    expect((await sharp(n.encoding.bytes).metadata()).channels).toBe(1);
    expect(n.turn).toBe(180);
  });

  it('drops a noisy blank page and crops a dark scanner border', async () => {
    const blank = await pageRender({ dpi: 150, blank: true, degraded: true });
    const withBorder = await sharp(blank.png).extend({ left: 40, bottom: 25, background: '#101010' }).png().toBuffer();
    const n = await pageNormalise(withBorder, { mode: 'bilevel', dpi: 150 });
    expect(n.blank).toBe(true);
    expect(n.width).toBe(blank.width);
    expect(n.height).toBe(blank.height);
  });

  it('rejects bytes that are not an image with validation-failed', async () => {
    await expect(pageNormalise(new TextEncoder().encode('not an image'), { mode: 'gray' })).rejects.toMatchObject({
      code: 'validation-failed',
    });
  });
});
