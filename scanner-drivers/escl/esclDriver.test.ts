import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { scannerContractSuite, type ContractFault } from '../contract.js';
import type { ScanPage } from '../types.js';
import { EsclDriver } from './esclDriver.js';
import { esclTestServerStart, type EsclTestFaults, type EsclTestServer } from './testServer.js';

// Our eSCL client against the test eSCL scanner over real HTTP on 127.0.0.1. The test scanner is
// itself checked against sane-airscan in testServer.airscan.test.ts.

const servers: EsclTestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});
const fast = { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 };

const faultOf: Record<ContractFault, { faults?: EsclTestFaults; adfSheets?: number }> = {
  jam: { faults: { jamAfterPages: 1 } },
  'no-paper': { adfSheets: 0 },
  'cover-open': { faults: { adfDoorOpen: true } },
  busy: { faults: { alwaysBusy: true } },
};

async function serve(o: Parameters<typeof esclTestServerStart>[0]): Promise<EsclTestServer> {
  const s = await esclTestServerStart(o);
  servers.push(s);
  return s;
}

scannerContractSuite(
  'escl (test eSCL scanner over HTTP)',
  async (fault) => {
    const s = await serve({ adfSheets: 6, duplex: true, pageDelayMs: 5, ...(fault ? faultOf[fault] : {}) });
    return { driver: new EsclDriver({ devices: [{ name: 'Test', url: s.url }], retry: fast }), deviceId: `escl:${s.url}`, feederCapacity: s.options.adfSheets };
  },
  { faults: ['jam', 'no-paper', 'cover-open', 'busy'] },
);

async function scanAll(driver: EsclDriver, id: string, pages?: number, source: 'adf' | 'flatbed' | 'duplex' = 'adf'): Promise<{ pages: ScanPage[]; error: unknown }> {
  const out: ScanPage[] = [];
  try {
    for await (const p of driver.scan(id, { source, dpi: 100, colorMode: 'color', ...(pages ? { pages } : {}) })) out.push(p);
    return { pages: out, error: undefined };
  } catch (error) {
    return { pages: out, error };
  }
}

describe('escl client specifics', () => {
  it('retries 503 on NextDocument with backoff and then gets the page', async () => {
    const s = await serve({ adfSheets: 2, faults: { nextDocument503: 3 } });
    const r = await scanAll(new EsclDriver({ retry: fast }), `escl:${s.url}`);
    expect(r.error).toBeUndefined();
    expect(r.pages).toHaveLength(2);
    expect(s.log.filter((l) => l.endsWith('NextDocument')).length).toBe(3 + 3);
  });

  it('gives up on endless 503 with scanner-busy and deletes the job', async () => {
    const s = await serve({ adfSheets: 2, faults: { nextDocument503: 100 } });
    const r = await scanAll(new EsclDriver({ retry: fast }), `escl:${s.url}`);
    expect((r.error as AppError).code).toBe('scanner-busy');
    expect(s.log.at(-1)).toMatch(/^DELETE \/eSCL\/ScanJobs\//);
  });

  it('keeps the pages delivered before a jam in the middle of a feeder job', async () => {
    const s = await serve({ adfSheets: 5, faults: { jamAfterPages: 2 } });
    const r = await scanAll(new EsclDriver({ retry: fast }), `escl:${s.url}`);
    expect(r.pages.map((p) => p.index)).toEqual([0, 1]);
    expect((r.error as AppError).code).toBe('scanner-jammed');
  });

  it('delivers both sides of each sheet in duplex, as A4 pixels at the asked dpi', async () => {
    const s = await serve({ adfSheets: 2, duplex: true });
    const r = await scanAll(new EsclDriver({ retry: fast }), `escl:${s.url}`, undefined, 'duplex');
    expect(r.pages).toHaveLength(4);
    expect(r.pages.map((p) => [p.width, p.height, p.mime])).toEqual(Array(4).fill([827, 1169, 'image/png']));
    expect(r.pages[0]!.bytes).toBeInstanceOf(Uint8Array);
  });

  it('sends DELETE for the job when cancelled in the middle of a page', async () => {
    const s = await serve({ adfSheets: 5, pageDelayMs: 300 });
    const controller = new AbortController();
    const pages: ScanPage[] = [];
    let error: unknown;
    // Abort while the second page is being fetched (the server holds it 300 ms).
    const onProgress = (p: { page: number; fraction: number }): void => {
      if (p.page === 1 && p.fraction === 0) setTimeout(() => controller.abort(), 100);
    };
    try {
      for await (const p of new EsclDriver({ retry: fast }).scan(`escl:${s.url}`, { source: 'adf', dpi: 75, colorMode: 'gray' }, { signal: controller.signal, onProgress })) pages.push(p);
    } catch (err) {
      error = err;
    }
    expect((error as AppError).code).toBe('scan-cancelled');
    expect(pages).toHaveLength(1);
    expect(s.log.at(-1)).toMatch(/^DELETE \/eSCL\/ScanJobs\//);
  });

  it('follows the request order real clients use', async () => {
    const s = await serve({ adfSheets: 1 });
    await scanAll(new EsclDriver({ retry: fast }), `escl:${s.url}`);
    expect(s.log.map((l) => l.replace(/ScanJobs\/[\w-]+/, 'ScanJobs/{id}'))).toEqual([
      'GET /eSCL/ScannerCapabilities',
      'GET /eSCL/ScannerStatus',
      'POST /eSCL/ScanJobs',
      'GET /eSCL/ScanJobs/{id}/NextDocument',
      'GET /eSCL/ScanJobs/{id}/NextDocument',
      'GET /eSCL/ScannerStatus',
      'DELETE /eSCL/ScanJobs/{id}',
    ]);
  });

  it('reports a scanner that stopped answering as offline', async () => {
    const s = await serve({ adfSheets: 1 });
    await s.close();
    const r = await scanAll(new EsclDriver({ retry: fast }), `escl:${s.url}`);
    expect((r.error as AppError).code).toBe('scanner-offline');
    expect(await new EsclDriver({ devices: [{ name: 'gone', url: s.url }] }).devices()).toEqual([]);
  });

  it('refuses a resolution the device does not list', async () => {
    const s = await serve({ adfSheets: 1 });
    const out = await (async () => {
      try {
        for await (const _ of new EsclDriver().scan(`escl:${s.url}`, { source: 'flatbed', dpi: 123, colorMode: 'gray' })) void _;
      } catch (err) {
        return err as AppError;
      }
      return undefined;
    })();
    expect(out?.code).toBe('validation-failed');
  });
});
