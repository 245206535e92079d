import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { scannerContractSuite } from '../contract.js';
import { SaneDriver } from '../sane/saneDriver.js';
import { saneTestEnvCreate, type SaneTestEnv } from '../sane/saneTestEnv.js';
import type { ScanPage, ScanRequest } from '../types.js';
import { esclTestServerStart, type EsclTestServer, type EsclTestServerOptions } from './testServer.js';

// Proves the test eSCL scanner faithful: Debian's sane-airscan, a real eSCL client we did not
// write, scans from it through `scanimage -d airscan:e0:Test`, including its faults. Only then
// do the esclDriver tests mean something.

const opened: { server: EsclTestServer; env: SaneTestEnv }[] = [];
afterAll(async () => {
  for (const o of opened) {
    await o.server.close();
    await o.env.remove();
  }
});

async function airscan(options: EsclTestServerOptions): Promise<{ server: EsclTestServer; driver: SaneDriver }> {
  const server = await esclTestServerStart(options);
  const env = await saneTestEnvCreate({ backends: ['airscan'], airscanDevices: { Test: server.url } });
  opened.push({ server, env });
  return { server, driver: new SaneDriver({ env: env.env }) };
}

async function scan(driver: SaneDriver, request: ScanRequest, signal?: AbortSignal): Promise<{ pages: ScanPage[]; error: AppError | undefined; ms: number }> {
  const pages: ScanPage[] = [];
  const t0 = performance.now();
  try {
    for await (const p of driver.scan('sane:airscan:e0:Test', request, signal ? { signal } : {})) pages.push(p);
    return { pages, error: undefined, ms: performance.now() - t0 };
  } catch (err) {
    return { pages, error: err as AppError, ms: performance.now() - t0 };
  }
}

const anon = (log: string[]): string[] => log.map((l) => l.replace(/ScanJobs\/[\w-]+/, 'ScanJobs/{id}'));

describe('test eSCL scanner, scanned by sane-airscan', () => {
  it('is listed, and its capabilities read as a flatbed + duplex feeder', async () => {
    const { driver } = await airscan({ adfSheets: 2, duplex: true });
    expect((await driver.devices()).map((d) => d.id)).toEqual(['sane:airscan:e0:Test']);
    const caps = await driver.capabilities('sane:airscan:e0:Test');
    expect(caps.sources).toEqual(['flatbed', 'adf', 'duplex']);
    expect(caps.resolutions).toEqual([75, 100, 150, 200, 300, 600]);
    expect(caps.colorModes).toEqual(['color', 'gray']);
  });

  it('gives an A4 flatbed page, in the request order of real eSCL clients', async () => {
    const { driver, server } = await airscan({ adfSheets: 2 });
    server.log.length = 0;
    const r = await scan(driver, { source: 'flatbed', dpi: 150, colorMode: 'gray' });
    expect(r.error).toBeUndefined();
    expect(r.pages.map((p) => [p.width, p.height])).toEqual([[1240, 1754]]);
    const log = anon(server.log);
    expect(log.slice(log.indexOf('POST /eSCL/ScanJobs'))).toEqual(['POST /eSCL/ScanJobs', 'GET /eSCL/ScanJobs/{id}/NextDocument', 'GET /eSCL/ScanJobs/{id}/NextDocument', 'DELETE /eSCL/ScanJobs/{id}']);
    expect(log).toContain('GET /eSCL/ScannerStatus');
  });

  it('scans the feeder until it runs dry, then ends normally', async () => {
    const { driver, server } = await airscan({ adfSheets: 3 });
    const r = await scan(driver, { source: 'adf', dpi: 100, colorMode: 'color' });
    expect(r.error).toBeUndefined();
    expect(r.pages).toHaveLength(3);
    expect(server.log.at(-1)).toMatch(/^DELETE/);
    console.log(`airscan feeder: ${(r.ms / 3).toFixed(0)} ms a page at 100 dpi colour`);
  });

  it('gives both sides in duplex', async () => {
    const { driver } = await airscan({ adfSheets: 2, duplex: true });
    const r = await scan(driver, { source: 'duplex', dpi: 75, colorMode: 'gray' });
    expect(r.error).toBeUndefined();
    expect(r.pages).toHaveLength(4);
  });

  it('waits through a 503 and then gets the page', async () => {
    const { driver, server } = await airscan({ adfSheets: 1, faults: { nextDocument503: 1 } });
    const r = await scan(driver, { source: 'adf', dpi: 75, colorMode: 'gray' });
    expect(r.error).toBeUndefined();
    expect(r.pages).toHaveLength(1);
    expect(anon(server.log).filter((l) => l.endsWith('NextDocument')).length).toBeGreaterThanOrEqual(3);
  });

  it('reads a jam in the middle of a feeder job as SANE status 6, after the pages before it', async () => {
    const { driver } = await airscan({ adfSheets: 5, faults: { jamAfterPages: 2 } });
    const r = await scan(driver, { source: 'adf', dpi: 75, colorMode: 'gray' });
    expect(r.pages).toHaveLength(2);
    expect(r.error?.code).toBe('scanner-jammed');
    expect(r.error?.details?.['exitCode']).toBe(6);
  });

  it('reads an empty feeder as SANE status 7 with no page', async () => {
    const { driver } = await airscan({ adfSheets: 0 });
    const r = await scan(driver, { source: 'adf', dpi: 75, colorMode: 'gray' });
    expect(r.pages).toHaveLength(0);
    expect(r.error?.code).toBe('scanner-no-paper');
    expect(r.error?.details?.['exitCode']).toBe(7);
  });

  it('reads an open ADF door as SANE status 8', async () => {
    const { driver } = await airscan({ adfSheets: 3, faults: { adfDoorOpen: true } });
    const r = await scan(driver, { source: 'adf', dpi: 75, colorMode: 'gray' });
    expect(r.error?.code).toBe('scanner-cover-open');
  });

  it('sends DELETE for the job when scanimage is cancelled', async () => {
    const { driver, server } = await airscan({ adfSheets: 5, pageDelayMs: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 600);
    const r = await scan(driver, { source: 'adf', dpi: 75, colorMode: 'gray' }, controller.signal);
    expect(r.error?.code).toBe('scan-cancelled');
    await new Promise((res) => setTimeout(res, 300));
    expect(server.log.some((l) => l.startsWith('DELETE /eSCL/ScanJobs/'))).toBe(true);
  });
});

// The SANE driver's contract once more, this time through sane-airscan to the test eSCL scanner.
scannerContractSuite(
  'sane (scanimage, airscan backend → test eSCL scanner)',
  async (fault) => {
    const o: EsclTestServerOptions = { adfSheets: 4, duplex: true };
    if (fault === 'jam') o.faults = { jamAfterPages: 1 };
    if (fault === 'no-paper') o.adfSheets = 0;
    if (fault === 'cover-open') o.faults = { adfDoorOpen: true };
    const { driver } = await airscan(o);
    return { driver, deviceId: 'sane:airscan:e0:Test', feederCapacity: o.adfSheets };
  },
  { faults: ['jam', 'no-paper', 'cover-open'] },
);
