import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocrMakePdfArgsSchema, ocrMakePdfResultSchema, ocrEvents } from '../../../shared/contract/ocr.js';
import { pageRender, vietnameseParagraphs } from '../../../tests/fixtures/ocr/pageRender.js';
import { imagingPoolCreate } from '../../services/imaging/imagingPool.js';
import { ocrPoolCreate } from '../../services/ocr/ocrPool.js';
import type { CallContext } from '../session.js';
import { ocrHandlers } from './ocr.js';

const ctx: CallContext = { session: { userId: 'u1', userName: 'Trần Văn Bình', role: 'clerk', units: ['H29'] }, origin: 'test' };
const pool = ocrPoolCreate({ size: 1 });
const imaging = imagingPoolCreate({ size: 1 });
let dir = '';
let pagePath = '';
let blankPath = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-ocrh-'));
  pagePath = join(dir, 'p1.png');
  blankPath = join(dir, 'p2.png');
  await writeFile(pagePath, (await pageRender({ dpi: 200, lines: vietnameseParagraphs.slice(0, 6) })).png);
  await writeFile(blankPath, (await pageRender({ dpi: 200, blank: true, degraded: true })).png);
});
afterAll(async () => {
  await pool.close();
  await imaging.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ocr handlers', () => {
  it('ocr:makePdf writes the component PDF, drops the blank back, emits valid progress up to 1', async () => {
    const events: unknown[] = [];
    const h = ocrHandlers({ pool, imaging, outputDir: join(dir, 'out'), emit: (_n, p) => events.push(p), device: 'Máy quét thử' });
    const args = ocrMakePdfArgsSchema.parse({ pages: [pagePath, blankPath], dossierCode: 'H29.1-261130-0002', componentCode: 'TP2', jobId: 'j1', dpi: 200 });
    const r = ocrMakePdfResultSchema.parse(await h['ocr:makePdf'](args, ctx));
    expect(r).toMatchObject({ jobId: 'j1', pages: 1, droppedBlank: 1, pdfPath: join(dir, 'out', 'H29.1-261130-0002', 'TP2.pdf') });
    expect(r.textChars).toBeGreaterThan(150);
    expect(events.length).toBeGreaterThan(2);
    for (const e of events) ocrEvents['ocr:progress'].payload.parse(e);
    const fractions = events.map((e) => (e as { fraction: number }).fraction);
    expect(fractions.at(-1)).toBe(1);
  });

  it('ocr:cancel stops a running job with ocr-cancelled; unknown job ids answer false', async () => {
    const h = ocrHandlers({ pool, imaging, outputDir: join(dir, 'out'), emit: () => undefined });
    const job = h['ocr:makePdf'](
      ocrMakePdfArgsSchema.parse({ pages: [pagePath], dossierCode: 'H29.1-261130-0003', componentCode: 'TP1', jobId: 'j2', dpi: 200 }),
      ctx,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await h['ocr:cancel']({ jobId: 'j2' }, ctx)).toEqual({ cancelled: true });
    await expect(job).rejects.toMatchObject({ code: 'ocr-cancelled' });
    expect(await h['ocr:cancel']({ jobId: 'j2' }, ctx)).toEqual({ cancelled: false });
  });

  it('a blob id without a resolver is not-found; bad codes fail validation', async () => {
    const h = ocrHandlers({ pool, outputDir: dir, emit: () => undefined });
    await expect(h['ocr:makePdf'](ocrMakePdfArgsSchema.parse({ pages: ['blob-1'], dossierCode: 'D1', componentCode: 'C1' }), ctx)).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(ocrMakePdfArgsSchema.safeParse({ pages: [pagePath], dossierCode: '../x', componentCode: 'C1' }).success).toBe(false);
    expect(ocrMakePdfArgsSchema.safeParse({ pages: [pagePath], dossierCode: '..', componentCode: 'C1' }).success).toBe(false);
  });
});
