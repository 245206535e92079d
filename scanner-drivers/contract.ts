import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../shared/contract/errors.js';
import { imageComplete, imageInfo } from './imageInfo.js';
import type { ScanProgress, ScannerDriver, ScanPage, ScanRequest, ScanSource } from './types.js';

// The one behaviour every driver must show, run from each driver's own test file against its
// real peer (scanimage, the eSCL test scanner through HTTP, a hot folder, the fake).

export type ContractFault = 'jam' | 'no-paper' | 'cover-open' | 'busy';

export const faultCodes: Record<ContractFault, string> = {
  jam: 'scanner-jammed',
  'no-paper': 'scanner-no-paper',
  'cover-open': 'scanner-cover-open',
  busy: 'scanner-busy',
};

export interface ContractFixture {
  driver: ScannerDriver;
  deviceId: string;
  /** Called just before a job's pages are read (the hot-folder fixture drops files here). */
  beforeScan?: (request: ScanRequest, outDir: string) => Promise<void> | void;
  /** Pages a feeder job without a page limit delivers before the feeder runs dry. */
  feederCapacity?: number;
  cleanup?: () => Promise<void>;
}

export interface ContractOptions {
  /** Faults the driver can be made to show; makeDriver(fault) must return a fixture that shows it. */
  faults?: ContractFault[];
  dpi?: number;
}

interface Collected {
  pages: ScanPage[];
  progress: ScanProgress[];
  error: unknown;
}

async function pageBytes(page: ScanPage): Promise<Uint8Array> {
  if (page.bytes) return page.bytes;
  if (page.path) return new Uint8Array(await readFile(page.path));
  throw new Error('page without bytes or path');
}

export function scannerContractSuite(
  name: string,
  makeDriver: (fault?: ContractFault) => Promise<ContractFixture>,
  options: ContractOptions = {},
): void {
  const dpi = options.dpi ?? 75;
  const cleanups: (() => Promise<void>)[] = [];
  const fixture = async (fault?: ContractFault): Promise<ContractFixture> => {
    const f = await makeDriver(fault);
    if (f.cleanup) cleanups.push(f.cleanup);
    return f;
  };
  const outDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-contract-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  const collect = async (f: ContractFixture, request: ScanRequest, stopAfter?: (pages: ScanPage[], abort: () => void) => Promise<void> | void): Promise<Collected> => {
    const result: Collected = { pages: [], progress: [], error: undefined };
    const controller = new AbortController();
    const job = f.driver.scan(f.deviceId, request, { signal: controller.signal, onProgress: (p) => result.progress.push(p) });
    try {
      await f.beforeScan?.(request, request.outDir ?? '');
      for await (const page of job) {
        result.pages.push(page);
        if (stopAfter) await stopAfter(result.pages, () => controller.abort());
      }
    } catch (err) {
      result.error = err;
    }
    return result;
  };
  const feederSource = async (f: ContractFixture): Promise<ScanSource> => {
    const caps = await f.driver.capabilities(f.deviceId);
    return caps.sources.includes('adf') ? 'adf' : caps.sources[0]!;
  };

  describe(`scanner contract: ${name}`, () => {
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('lists its device under its own id prefix', async () => {
      const f = await fixture();
      const devices = await f.driver.devices();
      expect(devices.map((d) => d.id)).toContain(f.deviceId);
      for (const d of devices) {
        expect(d.id.startsWith(`${f.driver.name}:`)).toBe(true);
        expect(d.driver).toBe(f.driver.name);
        expect(d.name.length).toBeGreaterThan(0);
      }
    });

    it('reports capabilities', async () => {
      const f = await fixture();
      const caps = await f.driver.capabilities(f.deviceId);
      expect(caps.sources.length).toBeGreaterThan(0);
      expect(caps.colorModes.length).toBeGreaterThan(0);
      expect(caps.resolutions.length).toBeGreaterThan(0);
      expect([...caps.resolutions].sort((a, b) => a - b)).toEqual(caps.resolutions);
    });

    it('scans one page whose file matches what the driver reports', async () => {
      const f = await fixture();
      const caps = await f.driver.capabilities(f.deviceId);
      const source = caps.sources.includes('flatbed') ? 'flatbed' : caps.sources[0]!;
      // A folder that does not exist yet: the driver creates it.
      const r = await collect(f, { source, dpi, colorMode: caps.colorModes.includes('gray') ? 'gray' : caps.colorModes[0]!, pages: 1, outDir: join(await outDir(), 'new') });
      expect(r.error).toBeUndefined();
      expect(r.pages).toHaveLength(1);
      const page = r.pages[0]!;
      expect(page.index).toBe(0);
      expect(page.dpi).toBe(dpi);
      const bytes = await pageBytes(page);
      expect(imageComplete(bytes)).toBe(true);
      const info = imageInfo(bytes);
      expect(info?.mime).toBe(page.mime);
      expect(info?.width).toBe(page.width);
      expect(info?.height).toBe(page.height);
      expect(page.width).toBeGreaterThan(100);
    });

    it('streams several pages in order with progress', async () => {
      const f = await fixture();
      const source = await feederSource(f);
      const r = await collect(f, { source, dpi, colorMode: 'gray', pages: 3, outDir: await outDir() });
      expect(r.error).toBeUndefined();
      expect(r.pages.map((p) => p.index)).toEqual([0, 1, 2]);
      expect(r.progress.length).toBeGreaterThan(0);
      for (let i = 1; i < r.progress.length; i++) {
        const a = r.progress[i - 1]!;
        const b = r.progress[i]!;
        expect(b.page * 2 + b.fraction).toBeGreaterThanOrEqual(a.page * 2 + a.fraction - 1e-9);
        expect(b.pagesDone).toBeGreaterThanOrEqual(a.pagesDone);
      }
      expect(r.progress.at(-1)?.pagesDone).toBe(3);
    });

    it('ends normally when the feeder runs dry after some pages', async (ctx) => {
      const f = await fixture();
      if (f.feederCapacity === undefined) return ctx.skip();
      const r = await collect(f, { source: 'adf', dpi, colorMode: 'gray', outDir: await outDir() });
      expect(r.error).toBeUndefined();
      expect(r.pages).toHaveLength(f.feederCapacity);
    });

    it('cancels on abort, leaves no partial file and frees the device', async () => {
      const f = await fixture();
      const source = await feederSource(f);
      const dir = await outDir();
      const r = await collect(f, { source, dpi, colorMode: 'gray', pages: 5, outDir: dir }, (_pages, abort) => abort());
      expect(r.pages).toHaveLength(1);
      expect(r.error).toBeInstanceOf(AppError);
      expect((r.error as AppError).code).toBe('scan-cancelled');
      for (const file of await readdir(dir)) {
        expect(imageComplete(new Uint8Array(await readFile(join(dir, file)))), file).toBe(true);
      }
      const again = await collect(f, { source, dpi, colorMode: 'gray', pages: 1, outDir: await outDir() });
      expect(again.error).toBeUndefined();
      expect(again.pages).toHaveLength(1);
    });

    it('answers scanner-busy to a second job on the same device', async () => {
      const f = await fixture();
      const source = await feederSource(f);
      let second: unknown;
      const r = await collect(f, { source, dpi, colorMode: 'gray', pages: 3, outDir: await outDir() }, async (pages) => {
        if (pages.length !== 1) return;
        try {
          for await (const _ of f.driver.scan(f.deviceId, { source, dpi, colorMode: 'gray', pages: 1, outDir: await outDir() })) void _;
        } catch (err) {
          second = err;
        }
      });
      expect(r.error).toBeUndefined();
      expect((second as AppError | undefined)?.code).toBe('scanner-busy');
    });

    it('answers scanner-offline for an unknown device', async () => {
      const f = await fixture();
      let error: unknown;
      try {
        for await (const _ of f.driver.scan(`${f.driver.name}:no-such-device`, { source: 'flatbed', dpi, colorMode: 'gray', pages: 1 })) void _;
      } catch (err) {
        error = err;
      }
      expect((error as AppError | undefined)?.code).toBe('scanner-offline');
    });

    for (const fault of options.faults ?? []) {
      it(`maps the ${fault} fault to ${faultCodes[fault]}`, async () => {
        const f = await fixture(fault);
        const source = await feederSource(f);
        const r = await collect(f, { source, dpi, colorMode: 'gray', pages: 3, outDir: await outDir() });
        expect(r.error).toBeInstanceOf(AppError);
        expect((r.error as AppError).code).toBe(faultCodes[fault]);
        expect(r.pages.length).toBeLessThan(3);
      });
    }
  });
}
