import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRender } from '../../../tests/fixtures/ocr/pageRender.js';
import { pageNormalise } from '../imaging/pageNormalise.js';
import { searchablePdfBuild } from './searchablePdf.js';

// No OCR here: the image layer alone, rendered back by poppler, must match the page pixel for
// pixel (right polarity, right size) in every encoding, and the metadata must be readable.

const run = promisify(execFile);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-spdf-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const meta = {
  dossierCode: 'H29.1-261130-0009',
  componentCode: 'TP3',
  device: 'Máy quét thử',
  operator: 'Lê Thị Hoa',
  createdAt: new Date('2026-11-30T08:00:00Z'),
  lang: 'vie',
};

describe('searchablePdfBuild', () => {
  it.each([
    ['bilevel', 'g4', 'ccitt', '1'],
    ['bilevel', 'flate', 'image', '1'],
    ['gray', 'g4', 'jpeg', '8'],
  ] as const)('%s/%s page renders back as the scan (pdfimages enc %s, bpc %s)', async (mode, bilevel, enc, bpc) => {
    const page = await pageRender({ dpi: 150, lines: ['Ủy ban nhân dân xã Hòa Bình', 'Độc lập - Tự do - Hạnh phúc'] });
    const n = await pageNormalise(page.png, { mode, dpi: 150, bilevel });
    const pdf = await searchablePdfBuild([{ ...n, textLayer: null }], meta);
    const path = join(dir, `${mode}-${bilevel}.pdf`);
    await writeFile(path, pdf);
    const cols = (await run('pdfimages', ['-list', path])).stdout.trim().split('\n')[2]!.trim().split(/\s+/);
    expect(cols.slice(3, 9)).toEqual([String(n.width), String(n.height), 'gray', '1', bpc, enc]);
    await run('pdftoppm', ['-r', '150', '-gray', '-png', path, join(dir, 'r')]);
    const back = await sharp(await readFile(join(dir, 'r-1.png'))).greyscale().raw().toBuffer({ resolveWithObject: true });
    const orig = await sharp(page.png).greyscale().raw().toBuffer();
    expect([back.info.width, back.info.height]).toEqual([page.width, page.height]);
    let ink = 0;
    let differ = 0;
    for (let i = 0; i < orig.length; i++) {
      const a = (orig[i] as number) < 128;
      if (a) ink++;
      if (a !== (back.data[i] as number) < 128) differ++;
    }
    expect(ink).toBeGreaterThan(1000);
    // Threshold edges of anti-aliased glyphs differ; a wrong polarity or offset would differ by far more than the ink.
    expect(differ).toBeLessThan(ink * 0.4);
  });

  it('writes the dossier metadata into the Info dict and XMP', async () => {
    const page = await pageRender({ dpi: 150, lines: ['Giấy xác nhận'] });
    const n = await pageNormalise(page.png, { mode: 'bilevel', dpi: 150 });
    const path = join(dir, 'meta.pdf');
    await writeFile(path, await searchablePdfBuild([{ ...n, textLayer: null }], meta));
    const info = (await run('pdfinfo', ['-enc', 'UTF-8', path])).stdout;
    expect(info).toContain('Hồ sơ H29.1-261130-0009 – thành phần TP3');
    expect(info).toContain('Lê Thị Hoa');
    const xmp = (await run('pdfinfo', ['-meta', path])).stdout;
    expect(xmp).toContain('<mc:componentCode>TP3</mc:componentCode>');
    expect(xmp).toContain(`<rdf:li>${n.sha256}</rdf:li>`);
    expect(xmp).toContain('<mc:dpi>150</mc:dpi>');
  });
});
