import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charErrorRate, pageRender } from '../../tests/fixtures/ocr/pageRender.js';
import { cliRun } from '../main.js';
import type { CliIo } from '../command.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
let dir = '';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: dir };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-ocr-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('motcua ocr', () => {
  it('without network: a degraded 200 dpi Vietnamese page, deskewed by Tesseract → a small 1-bit searchable PDF whose text layer reads back', async () => {
    const page = await pageRender({ dpi: 200, degraded: true });
    await writeFile(join(dir, 'page.png'), page.png);
    // A fresh network namespace has only a downed loopback: any fetch of language data would fail.
    const prefix = existsSync('/usr/bin/unshare') && process.getuid?.() === 0 ? ['unshare', '-n'] : [];
    const argv = [...prefix, process.execPath, join(root, 'bin/motcua.js'), 'ocr', 'page.png', '--out', 'out.pdf', '--dpi', '200', '--dossier', 'H29.1-261130-0001', '--component', 'TP1', '--skew', 'tesseract', '--json'];
    const { stdout } = await run(argv[0]!, argv.slice(1), { cwd: dir, timeout: 120_000 });
    const result = JSON.parse(stdout) as { pages: number; sha256: string; bytes: number; pageResults: { text: string; skewDegrees: number }[] };
    expect(result.pages).toBe(1);
    expect(Math.abs(result.pageResults[0]!.skewDegrees + 1.2)).toBeLessThan(0.3);

    const pdfPath = join(dir, 'out.pdf');
    const text = (await run('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'])).stdout;
    expect(charErrorRate(page.truth, text)).toBeLessThan(0.01);
    expect(text).toContain('Nguyễn Thị Thu Hường');

    // pdfimages -list: "page num type width height color comp bpc enc ..."
    const images = (await run('pdfimages', ['-list', pdfPath])).stdout.trim().split('\n').slice(2);
    expect(images).toHaveLength(1);
    const cols = images[0]!.trim().split(/\s+/);
    expect(cols.slice(5, 9)).toEqual(['gray', '1', '1', 'ccitt']);
    const bytes = (await stat(pdfPath)).size;
    expect(bytes).toBe(result.bytes);
    expect(bytes).toBeLessThan(80_000);

    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(await readFile(pdfPath)).digest('hex')).toBe(result.sha256);
    const info = (await run('pdfinfo', [pdfPath])).stdout;
    expect(info).toContain('H29.1-261130-0001');
    expect(info).toMatch(/Pages:\s+1/);
  });

  it('bad input exits 2 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['ocr', '--out', 'x.pdf'], /at least one page/],
      [['ocr', 'a.png'], /--out/],
      [['ocr', 'a.png', '--out', 'x.pdf', '--lang', 'eng'], /not shipped/],
      [['ocr', 'a.png', '--out', 'x.pdf', '--mode', 'colour'], /bilevel or gray/],
      [['ocr', 'a.png', '--out', 'x.pdf', '--skew', 'osd'], /profile or tesseract/],
      [['ocr', 'missing.png', '--out', 'x.pdf'], /Không đọc được trang 1/],
    ];
    for (const [argv, reason] of cases) {
      const cap = io();
      expect(await cliRun(argv, cap)).toBe(2);
      expect(cap.stderr.join('\n')).toMatch(reason);
    }
  });
});
