import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pageRender } from '../../../tests/fixtures/ocr/pageRender.js';
import { orientationDetect } from './orientation.js';
import { levelsStretch } from './raster.js';

async function guess(png: Buffer) {
  const { data, info } = await sharp(png).median(3).greyscale().raw().toBuffer({ resolveWithObject: true });
  return orientationDetect(levelsStretch({ data, width: info.width, height: info.height }));
}

describe('orientationDetect', () => {
  it.each([0, 90, 180, 270] as const)('finds the turn of a degraded, skewed page turned %i°', async (turn) => {
    const page = await pageRender({ dpi: 150, degraded: true, turn });
    const g = await guess(page.png);
    // Applying the returned clockwise turn must bring the page back upright.
    expect((turn + g.turn) % 360).toBe(0);
    expect(g.confidence).toBeGreaterThan(0.2);
  });

  it('leaves a blank page as it is', async () => {
    const page = await pageRender({ dpi: 150, blank: true });
    expect((await guess(page.png)).turn).toBe(0);
  });
});
