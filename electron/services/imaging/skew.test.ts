import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { pageRender } from '../../../tests/fixtures/ocr/pageRender.js';
import { ocrPoolCreate } from '../ocr/ocrPool.js';
import { levelsStretch } from './raster.js';
import { skewEstimate } from './skew.js';

async function small(png: Buffer, width: number) {
  const { data, info } = await sharp(png).resize({ width }).median(3).greyscale().raw().toBuffer({ resolveWithObject: true });
  return levelsStretch({ data, width: info.width, height: info.height });
}

const pool = ocrPoolCreate({ size: 1 });
afterAll(() => pool.close());

describe('skewEstimate', () => {
  it.each([0, 2.5, -4])('straightens a page turned %f° clockwise, within 0.1°', async (angle) => {
    const page = await pageRender({ dpi: 150 });
    const turned = await sharp(page.png).rotate(angle, { background: '#ffffff' }).png().toBuffer();
    expect(skewEstimate(await small(turned, 826))).toBeCloseTo(-angle, 1);
  });

  it('agrees with the angle tesseract.js reports on a degraded page', async () => {
    const page = await pageRender({ dpi: 150, degraded: true });
    const copy = await small(page.png, 826);
    const png = await sharp(copy.data, { raw: { width: copy.width, height: copy.height, channels: 1 } }).png().toBuffer();
    const tess = await pool.skew({ id: 'skew', image: png, dpi: 100 });
    expect(Math.abs(skewEstimate(copy) - (tess.radians * 180) / Math.PI)).toBeLessThan(0.1);
  });
});
