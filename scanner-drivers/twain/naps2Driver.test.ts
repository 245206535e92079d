import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { pageImageRender } from '../fake/pageImage.js';
import type { ProcessRun, ProcessRunner } from '../processRunner.js';
import type { ScanPage, ScanProgress } from '../types.js';
import { TwainDriver } from './naps2Driver.js';
import { naps2DevicesParse, naps2ErrorOf, naps2ScanArgs } from './naps2Parse.js';

// NAPS2 and TWAIN exist only on Windows: the arguments we pass and our reading of its output
// are checked through an injected runner that writes pages the way NAPS2 does.

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Acts as NAPS2.Console: writes `pages` PNGs where -o points, prints `lines`. */
function naps2Playback(pages: number, lines: string[], seen: ProcessRun[] = []): ProcessRunner {
  return async (run) => {
    seen.push(run);
    const output = run.args[run.args.indexOf('-o') + 1]!;
    for (let n = 1; n <= pages; n++) {
      const img = await pageImageRender({ index: n - 1, dpi: 40, colorMode: 'gray', format: 'png' });
      await writeFile(output.replace('$(nnnn)', String(n).padStart(4, '0')), img.bytes);
      run.onStdoutLine?.(`Scanned page ${n}.`);
    }
    for (const l of lines) run.onStdoutLine?.(l);
    return { code: 0, stdout: lines.join('\n'), stderr: '', killed: Boolean(run.signal?.aborted) };
  };
}

async function collect(driver: TwainDriver, pages?: number, source: 'adf' | 'flatbed' = 'adf') {
  const out = await mkdtemp(join(tmpdir(), 'motcua-twain-'));
  dirs.push(out);
  const got: ScanPage[] = [];
  const progress: ScanProgress[] = [];
  try {
    for await (const p of driver.scan('twain:Canon DR-C225', { source, dpi: 40, colorMode: 'gray', outDir: out, ...(pages ? { pages } : {}) }, { onProgress: (p) => progress.push(p) })) got.push(p);
    return { pages: got, progress, error: undefined as AppError | undefined };
  } catch (err) {
    return { pages: got, progress, error: err as AppError };
  }
}

describe('NAPS2 console arguments and output', () => {
  it('builds a TWAIN job: no GUI profile, source, dpi, bit depth, A4, one PNG a page', () => {
    expect(naps2ScanArgs({ device: 'Canon DR-C225', source: 'duplex', colorMode: 'gray', dpi: 300, dir: 'C:\\Temp\\x', sep: '\\' })).toEqual([
      '--noprofile', '--driver', 'twain', '--device', 'Canon DR-C225', '--source', 'duplex', '--dpi', '300', '--bitdepth', 'gray',
      '--pagesize', 'a4', '-o', 'C:\\Temp\\x\\page-$(nnnn).png', '--force', '--verbose',
    ]);
  });

  it('lists TWAIN sources one a line', () => {
    expect(naps2DevicesParse('Canon DR-C225 TWAIN\r\nWIA-HP LaserJet\r\n\r\n').map((d) => d.id)).toEqual(['twain:Canon DR-C225 TWAIN', 'twain:WIA-HP LaserJet']);
  });

  it('reads faults from its messages', () => {
    expect(naps2ErrorOf('Error: Paper jam.', 'twain:x')?.code).toBe('scanner-jammed');
    expect(naps2ErrorOf('The document feeder is empty.', 'twain:x')?.code).toBe('scanner-no-paper');
    expect(naps2ErrorOf('Scanner cover is open', 'twain:x')?.code).toBe('scanner-cover-open');
    expect(naps2ErrorOf('The scanning device could not be found.', 'twain:x')?.code).toBe('scanner-offline');
    expect(naps2ErrorOf('Scanned page 1.', 'twain:x')).toBeNull();
  });
});

describe('TWAIN driver through an injected runner', () => {
  it('delivers the batch after NAPS2 ends, with progress from its verbose lines', async () => {
    const seen: ProcessRun[] = [];
    const r = await collect(new TwainDriver({ runner: naps2Playback(3, ['3 page(s) scanned.'], seen) }));
    expect(r.error).toBeUndefined();
    expect(r.pages.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(r.progress.filter((p) => p.fraction === 1).length).toBeGreaterThanOrEqual(3);
    expect(seen[0]!.command).toBe('C:\\Program Files\\NAPS2\\NAPS2.Console.exe');
  });

  it('treats an emptied feeder after pages as the end, and honours the page limit', async () => {
    const r = await collect(new TwainDriver({ runner: naps2Playback(4, ['The document feeder is empty.']) }), 2);
    expect(r.error).toBeUndefined();
    expect(r.pages).toHaveLength(2);
  });

  it('delivers the pages before a jam, then reports it', async () => {
    const r = await collect(new TwainDriver({ runner: naps2Playback(1, ['Error: Paper jam.']) }));
    expect(r.pages).toHaveLength(1);
    expect(r.error?.code).toBe('scanner-jammed');
  });

  it('reports no paper when nothing came out of the feeder, offline when NAPS2 is missing', async () => {
    expect((await collect(new TwainDriver({ runner: naps2Playback(0, []) }))).error?.code).toBe('scanner-no-paper');
    const missing: ProcessRunner = async () => ({ code: null, stdout: '', stderr: '', killed: false, spawnError: 'ENOENT' });
    expect((await collect(new TwainDriver({ runner: missing }))).error?.code).toBe('scanner-offline');
  });
});
