import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { scannerContractSuite, type ContractFault } from '../contract.js';
import { imageComplete, imageInfo } from '../imageInfo.js';
import type { ScanPage } from '../types.js';
import { SaneDriver } from './saneDriver.js';
import { saneTestEnvCreate, type SaneTestEnv } from './saneTestEnv.js';

// Against the real scanimage with SANE's `test` backend (Debian sane-utils).

const injected: Record<ContractFault, string> = {
  jam: 'SANE_STATUS_JAMMED',
  'no-paper': 'SANE_STATUS_NO_DOCS',
  'cover-open': 'SANE_STATUS_COVER_OPEN',
  busy: 'SANE_STATUS_DEVICE_BUSY',
};

const envs: SaneTestEnv[] = [];
async function env(): Promise<SaneTestEnv> {
  const e = await saneTestEnvCreate();
  envs.push(e);
  return e;
}
afterAll(async () => {
  for (const e of envs) await e.remove();
});

scannerContractSuite(
  'sane (scanimage, test backend)',
  async (fault) => {
    const e = await env();
    const extraArgs = fault ? ['--read-return-value', injected[fault]] : [];
    return { driver: new SaneDriver({ env: e.env, extraArgs }), deviceId: 'sane:test:0', feederCapacity: 10 };
  },
  { faults: ['jam', 'no-paper', 'cover-open', 'busy'] },
);

describe('sane driver specifics', () => {
  let e: SaneTestEnv;
  let out: string;
  beforeAll(async () => {
    e = await env();
    out = await mkdtemp(join(tmpdir(), 'motcua-sane-out-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('reads the test backend capabilities (flatbed + feeder, gray + colour, 300 mm bed)', async () => {
    const caps = await new SaneDriver({ env: e.env }).capabilities('sane:test:0');
    expect(caps.sources).toEqual(['flatbed', 'adf']);
    expect(caps.colorModes).toEqual(['color', 'gray']);
    expect(caps.resolutions).toContain(300);
    expect(caps.maxWidthMm).toBe(300);
  });

  it('scans a true A4 page at 300 dpi in colour', async () => {
    const pages: ScanPage[] = [];
    for await (const p of new SaneDriver({ env: e.env }).scan('sane:test:0', { source: 'flatbed', dpi: 300, colorMode: 'color', outDir: join(out, 'a4') })) pages.push(p);
    expect(pages).toHaveLength(1);
    expect([pages[0]!.width, pages[0]!.height]).toEqual([2480, 3507]);
    const info = imageInfo(new Uint8Array(await readFile(pages[0]!.path!)));
    expect(info?.width).toBe(2480);
  });

  it('cancels a page in the middle with SIGTERM and removes the partial file', async () => {
    const slow = new SaneDriver({ env: e.env, extraArgs: ['--read-delay=yes', '--read-delay-duration', '20000'] });
    const controller = new AbortController();
    const dir = join(out, 'cancel');
    const fractions: number[] = [];
    const started = Date.now();
    let error: unknown;
    try {
      const job = slow.scan('sane:test:0', { source: 'adf', dpi: 150, colorMode: 'color', pages: 3, outDir: dir }, {
        signal: controller.signal,
        onProgress: (p) => {
          fractions.push(p.fraction);
          if (p.fraction > 0.1) controller.abort();
        },
      });
      for await (const _ of job) void _;
    } catch (err) {
      error = err;
    }
    expect((error as AppError).code).toBe('scan-cancelled');
    expect(fractions.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    const left = await readdir(dir);
    for (const f of left) expect(imageComplete(new Uint8Array(await readFile(join(dir, f))))).toBe(true);
    expect(left.some((f) => f.endsWith('.part'))).toBe(false);
  });

  it('refuses a colour mode the device lacks instead of scanning in another', async () => {
    const job = new SaneDriver({ env: e.env }).scan('sane:test:0', { source: 'flatbed', dpi: 75, colorMode: 'bw' });
    await expect(job[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'validation-failed' });
  });

  it('reports a device that does not exist as offline', async () => {
    await expect(new SaneDriver({ env: e.env }).capabilities('sane:test:7')).rejects.toMatchObject({ code: 'scanner-offline' });
  });

  it('lists only the backends of its private configuration', async () => {
    const ids = (await new SaneDriver({ env: e.env }).devices()).map((d) => d.id);
    expect(ids).toEqual(['sane:test:0', 'sane:test:1']);
  });
});
