import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { pageImageRender } from '../fake/pageImage.js';
import type { ProcessRun, ProcessRunner } from '../processRunner.js';
import type { ScanPage } from '../types.js';
import { WiaDriver } from './wiaDriver.js';
import { wiaCapabilitiesParse, wiaDevicesParse, wiaLineParse } from './wiaParse.js';
import { psArgs, wiaScanScript } from './wiaScripts.js';

// WIA runs only on Windows: these tests check the PowerShell we send and how we read what it
// prints, through an injected process runner that plays back recorded-style output.

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function scriptOf(run: ProcessRun): string {
  const i = run.args.indexOf('-EncodedCommand');
  return Buffer.from(run.args[i + 1]!, 'base64').toString('utf16le');
}

/** A runner that prints `lines` (writing real PNGs for PAGE lines), then exits with `code`. */
function playback(lines: (dir: string) => string[], code = 0, seen: ProcessRun[] = []): ProcessRunner {
  return async (run) => {
    seen.push(run);
    const dir = /\$outDir = '([^']*)'/.exec(scriptOf(run))?.[1] ?? '';
    let stdout = '';
    for (const line of lines(dir)) {
      const page = wiaLineParse(line);
      if (page.kind === 'page') await writeFile(page.path, (await pageImageRender({ index: page.n - 1, dpi: 50, colorMode: 'gray', format: 'png' })).bytes);
      if (run.signal?.aborted) return { code: null, stdout, stderr: '', killed: true };
      stdout += `${line}\n`;
      run.onStdoutLine?.(line);
    }
    return { code, stdout, stderr: '', killed: false };
  };
}

async function collect(driver: WiaDriver, source: 'adf' | 'flatbed' | 'duplex' = 'adf', abortAfter?: number) {
  const out = await mkdtemp(join(tmpdir(), 'motcua-wia-'));
  dirs.push(out);
  const pages: ScanPage[] = [];
  const controller = new AbortController();
  try {
    for await (const p of driver.scan('wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001', { source, dpi: 50, colorMode: 'gray', outDir: out }, { signal: controller.signal })) {
      pages.push(p);
      if (abortAfter === pages.length) controller.abort();
    }
    return { pages, error: undefined as AppError | undefined };
  } catch (err) {
    return { pages, error: err as AppError };
  }
}

describe('WIA PowerShell commands', () => {
  it('passes the script UTF-16LE base64 encoded, with no profile and no prompts', () => {
    const args = psArgs("Write-Output 'Hồ sơ'");
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(args[5]!, 'base64').toString('utf16le')).toBe("Write-Output 'Hồ sơ'");
  });

  it('selects the feeder one page per transfer, grey intent, resolution and A4 extents', () => {
    const s = wiaScanScript({ deviceId: "{ID}\\0001 O'Neil", outDir: 'C:\\Quét\\hồ sơ', source: 'adf', colorMode: 'gray', dpi: 300, pages: 0 });
    expect(s).toContain("Find-Device '{ID}\\0001 O''Neil'");
    expect(s).toContain("$outDir = 'C:\\Quét\\hồ sơ'");
    expect(s).toContain('$pages = 0');
    expect(s).toContain('Set-Prop $dev.Properties 3088 1');
    expect(s).toContain('Set-Prop $dev.Properties 3096 1');
    expect(s).toContain('Set-Prop $item.Properties 6146 2');
    expect(s).toContain('Set-Prop $item.Properties 6147 300');
    expect(s).toContain('Set-Prop $item.Properties 6151 2480');
    expect(s).toContain('Set-Prop $item.Properties 6152 3508');
    expect(s).toContain("$item.Transfer('{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}')");
    expect(s).toContain('"PAGE`t$n`t$path`t$($img.Width)`t$($img.Height)"');
  });

  it('uses feeder|duplex for duplex and a single transfer for the flatbed', () => {
    expect(wiaScanScript({ deviceId: 'x', outDir: 'd', source: 'duplex', colorMode: 'color', dpi: 200, pages: 4 })).toContain('Set-Prop $dev.Properties 3088 5');
    const flat = wiaScanScript({ deviceId: 'x', outDir: 'd', source: 'flatbed', colorMode: 'bw', dpi: 200, pages: 4 });
    expect(flat).toContain('$pages = 1');
    expect(flat).toContain('Set-Prop $item.Properties 6146 4');
    expect(flat).not.toContain('3096');
  });
});

describe('WIA output parsing', () => {
  it('reads the device list and capabilities JSON', () => {
    expect(wiaDevicesParse('[{"id":"{A}\\\\0000","name":"Canon DR-C225","manufacturer":"Canon"}]\r\n')).toEqual([{ id: 'wia:{A}\\0000', driver: 'wia', name: 'Canon DR-C225', model: 'Canon' }]);
    expect(wiaCapabilitiesParse('{"handling":7,"resSubType":2,"resMin":0,"resMax":0,"resValues":[600,150,300]}', 'wia:x')).toEqual({ sources: ['flatbed', 'adf', 'duplex'], resolutions: [150, 300, 600], colorModes: ['color', 'gray', 'bw'] });
    expect(wiaCapabilitiesParse('{"handling":2,"resSubType":1,"resMin":50,"resMax":600,"resValues":[]}', 'wia:x').resolutions).toEqual([75, 100, 150, 200, 300, 600]);
  });

  it('maps WIA HRESULTs to scanner error codes', () => {
    expect(() => wiaCapabilitiesParse('ERROR\t0x80210005\tThe device is offline', 'wia:x')).toThrow(expect.objectContaining({ code: 'scanner-offline' }));
  });
});

describe('WIA driver through an injected runner', () => {
  it('streams pages as the script announces them, reading size from the files', async () => {
    const seen: ProcessRun[] = [];
    const r = await collect(new WiaDriver({ runner: playback((d) => [`PAGE\t1\t${d}/page-0001.png\t413\t585`, `PAGE\t2\t${d}/page-0002.png\t413\t585`], 0, seen) }));
    expect(r.error).toBeUndefined();
    expect(r.pages.map((p) => [p.index, p.mime, p.width])).toEqual([[0, 'image/png', 413], [1, 'image/png', 413]]);
    expect(seen[0]!.command).toBe('powershell.exe');
  });

  it('keeps the pages before a jam and then reports scanner-jammed', async () => {
    const r = await collect(new WiaDriver({ runner: playback((d) => [`PAGE\t1\t${d}/page-0001.png\t1\t1`, 'ERROR\t0x80210002\tPaper jam'], 2) }));
    expect(r.pages).toHaveLength(1);
    expect(r.error?.code).toBe('scanner-jammed');
  });

  it('reports an empty feeder, an open cover and a busy device', async () => {
    for (const [hr, code] of [['0x80210003', 'scanner-no-paper'], ['0x80210016', 'scanner-cover-open'], ['0x80210006', 'scanner-busy']] as const) {
      const r = await collect(new WiaDriver({ runner: playback(() => [`ERROR\t${hr}\tx`], 2) }));
      expect(r.error?.code).toBe(code);
    }
  });

  it('stops PowerShell when the job is cancelled', async () => {
    const r = await collect(new WiaDriver({ runner: playback((d) => [1, 2, 3].map((n) => `PAGE\t${n}\t${d}/page-000${n}.png\t1\t1`)) }), 'adf', 1);
    expect(r.pages).toHaveLength(1);
    expect(r.error?.code).toBe('scan-cancelled');
  });

  it('is offline when PowerShell is missing', async () => {
    const missing: ProcessRunner = async () => ({ code: null, stdout: '', stderr: '', killed: false, spawnError: 'spawn powershell.exe ENOENT' });
    const r = await collect(new WiaDriver({ runner: missing }));
    expect(r.error?.code).toBe('scanner-offline');
    expect(await new WiaDriver({ runner: missing }).devices()).toEqual([]);
  });
});
