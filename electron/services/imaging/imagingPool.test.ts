import { afterAll, describe, expect, it } from 'vitest';
import { pageRender } from '../../../tests/fixtures/ocr/pageRender.js';
import { imagingPoolCreate } from './imagingPool.js';
import { pageNormalise } from './pageNormalise.js';

const pool = imagingPoolCreate({ size: 1 });
afterAll(() => pool.close());

const meta = { dossierCode: 'D1', componentCode: 'C1', device: 'd', operator: 'o', createdAt: new Date('2026-11-30T00:00:00Z'), lang: 'vie' };

describe('imagingPool (worker threads)', () => {
  it('normalises exactly as in-process and assembles a PDF off the main thread', async () => {
    const page = await pageRender({ dpi: 150, lines: ['Giấy khai sinh', 'Sổ hộ khẩu'] });
    const viaWorker = await pool.normalise(page.png, { mode: 'bilevel', dpi: 150 });
    const local = await pageNormalise(page.png, { mode: 'bilevel', dpi: 150 });
    expect(viaWorker.sha256).toBe(local.sha256);
    expect(viaWorker.ocrImage.length).toBe(local.ocrImage.length);
    const pdf = await pool.assemble([{ ...viaWorker, textLayer: null }], meta);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
  });

  it('carries error codes back, cancels by terminating the thread, and recovers', async () => {
    await expect(pool.normalise(new TextEncoder().encode('nope'), { mode: 'gray' })).rejects.toMatchObject({ code: 'validation-failed' });
    const big = await pageRender({ dpi: 300 });
    const abort = new AbortController();
    const job = pool.normalise(big.png, { mode: 'gray', dpi: 300 }, { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    await expect(job).rejects.toMatchObject({ code: 'ocr-cancelled' });
    expect(pool.liveWorkers()).toBe(0);
    await expect(pool.normalise(big.png, { mode: 'gray', dpi: 300 }, { timeoutMs: 1 })).rejects.toMatchObject({ code: 'timeout' });
    const ok = await pool.normalise((await pageRender({ dpi: 150, lines: ['Hòa Bình'] })).png, { mode: 'gray', dpi: 150 });
    expect(ok.encoding.kind).toBe('jpeg');
  });
});
