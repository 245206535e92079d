import { afterAll, describe, expect, it } from 'vitest';
import { pageRender, vietnameseParagraphs } from '../../../tests/fixtures/ocr/pageRender.js';
import { ocrPoolCreate } from './ocrPool.js';

// One worker and small pages: the machine is shared. Each test proves something a mock could not:
// the job really stops (the worker is gone) and the pool keeps serving afterwards.

const pool = ocrPoolCreate({ size: 1, timeoutMs: 60_000 });
afterAll(() => pool.close());

describe('ocrPool', () => {
  it('recognises Vietnamese with the shipped model, reports progress, cancels a running job and recovers', async () => {
    const full = await pageRender({ dpi: 200 });
    const small = await pageRender({ dpi: 200, lines: vietnameseParagraphs.slice(4, 5) });
    const abort = new AbortController();
    const progress: number[] = [];
    const t0 = performance.now();
    const running = pool.recognize(
      { id: 'full', image: full.png, dpi: 200, pdf: false },
      {
        signal: abort.signal,
        onProgress: (f) => {
          progress.push(f);
          if (f > 0.05) abort.abort();
        },
      },
    );
    await expect(running).rejects.toMatchObject({ code: 'ocr-cancelled' });
    expect(progress.length).toBeGreaterThan(0);
    expect(pool.liveWorkers()).toBe(0);
    const cancelledAfter = performance.now() - t0;

    const r = await pool.recognize({ id: 'small', image: small.png, dpi: 200, pdf: true });
    expect(r.id).toBe('small');
    expect(r.text).toContain('Nguyễn Thị Thu Hường');
    expect(r.pdf && new TextDecoder().decode(r.pdf.slice(0, 5))).toBe('%PDF-');
    expect(pool.liveWorkers()).toBe(1);
    // The cancelled job did not run to the end of a full page before answering.
    expect(cancelledAfter).toBeLessThan(r.ms * 20 + 10_000);
  });

  it('drops a queued job on abort without touching the running one, and times out with `timeout`', async () => {
    const small = await pageRender({ dpi: 200, lines: vietnameseParagraphs.slice(0, 1) });
    const first = pool.recognize({ id: 'a', image: small.png, dpi: 200, pdf: false });
    const abort = new AbortController();
    const queued = pool.recognize({ id: 'b', image: small.png, dpi: 200, pdf: false }, { signal: abort.signal });
    abort.abort();
    await expect(queued).rejects.toMatchObject({ code: 'ocr-cancelled', details: { id: 'b' } });
    expect((await first).text).toContain('CỘNG HÒA');

    await expect(pool.recognize({ id: 'slow', image: small.png, dpi: 200, pdf: false }, { timeoutMs: 5 })).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(pool.liveWorkers()).toBe(0);
  });

  it('warm() starts the workers on the shipped sample', async () => {
    expect(await pool.warm()).toBeGreaterThan(0);
    expect(pool.liveWorkers()).toBe(1);
  });

  it('refuses an already aborted signal and unreadable image bytes', async () => {
    await expect(pool.recognize({ id: 'x', image: new Uint8Array([1, 2, 3]), dpi: 200, pdf: false }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ocr-cancelled',
    });
    await expect(pool.recognize({ id: 'y', image: new TextEncoder().encode('not an image'), dpi: 200, pdf: false })).rejects.toMatchObject({
      code: 'ocr-failed',
    });
  });
});
