import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { scanEvents, scanStartArgsSchema } from '../../../shared/contract/scan.js';
import { FakeDriver } from '../../../scanner-drivers/fake/fakeDriver.js';
import { ScannerRegistry } from '../../../scanner-drivers/registry.js';
import { SaneDriver } from '../../../scanner-drivers/sane/saneDriver.js';
import { saneTestEnvCreate, type SaneTestEnv } from '../../../scanner-drivers/sane/saneTestEnv.js';
import { scanHandlers } from './scan.js';

// At the handler boundary with real drivers (SANE test backend through scanimage, the fake),
// real temp folders, and every emitted payload checked against the contract's event schemas.

const ctx = { session: null, origin: 'test' as const };
const dirs: string[] = [];
let sane: SaneTestEnv | undefined;
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await sane?.remove();
});

async function setup() {
  sane ??= await saneTestEnvCreate();
  const pagesDir = await mkdtemp(join(tmpdir(), 'motcua-scan-h-'));
  dirs.push(pagesDir);
  const events: { name: string; payload: unknown }[] = [];
  let ended: (p: unknown) => void = () => undefined;
  const end = new Promise<{ state: string; pages: { path: string }[]; error?: { code: string } }>((r) => (ended = r as (p: unknown) => void));
  const registry = new ScannerRegistry([
    new SaneDriver({ env: sane.env }),
    new FakeDriver({ devices: [{ key: 'slow', feederSheets: 5, stepDelayMs: 40 }, { key: 'empty', feederSheets: 0 }] }),
  ]);
  // Shaped like EventBus.emit once scanEvents are composed into the contract.
  const emit = <E extends keyof typeof scanEvents>(name: E, payload: z.output<(typeof scanEvents)[E]['payload']>): void => {
    scanEvents[name].payload.parse(payload);
    events.push({ name, payload });
    if (name === 'scan:changed') ended(payload);
  };
  return { h: scanHandlers({ registry, emit, pagesDir }), events, end, pagesDir };
}

describe('scan handlers', () => {
  it('lists devices and capabilities', async () => {
    const { h } = await setup();
    expect((await h['scan:devices']({}, ctx)).devices.map((d) => d.id)).toEqual(['sane:test:0', 'sane:test:1', 'fake:slow', 'fake:empty']);
    expect((await h['scan:capabilities']({ deviceId: 'sane:test:0' }, ctx)).sources).toEqual(['flatbed', 'adf']);
  });

  it('streams pages from scanimage as progress events, then ends with scan:changed', async () => {
    const { h, events, end, pagesDir } = await setup();
    const { jobId } = await h['scan:start'](scanStartArgsSchema.parse({ deviceId: 'sane:test:0', source: 'adf', pages: 3, dpi: 100 }), ctx);
    const changed = await end;
    expect(changed.state).toBe('done');
    expect(changed.pages.map((p) => p.path)).toEqual([1, 2, 3].map((n) => join(pagesDir, jobId, `page-000${n}.png`)));
    const arrivals = events.filter((e) => e.name === 'scan:progress' && (e.payload as { pageFile?: unknown }).pageFile);
    expect(arrivals).toHaveLength(3);
    expect(changed.pages.every((p) => existsSync(p.path))).toBe(true);
  });

  it('cancels a running job', async () => {
    const { h, end } = await setup();
    const { jobId } = await h['scan:start'](scanStartArgsSchema.parse({ deviceId: 'fake:slow', source: 'adf', dpi: 75 }), ctx);
    await new Promise((r) => setTimeout(r, 250));
    expect(await h['scan:cancel']({ jobId }, ctx)).toEqual({ cancelled: true });
    const changed = await end;
    expect(changed.state).toBe('cancelled');
    expect(changed.error?.code).toBe('scan-cancelled');
    expect(await h['scan:cancel']({ jobId }, ctx)).toEqual({ cancelled: false });
  });

  it('reports a device fault in scan:changed and an unknown driver at once', async () => {
    const { h, end } = await setup();
    await h['scan:start'](scanStartArgsSchema.parse({ deviceId: 'fake:empty', source: 'adf', dpi: 75 }), ctx);
    const changed = await end;
    expect(changed.state).toBe('failed');
    expect(changed.error?.code).toBe('scanner-no-paper');
    await expect(h['scan:start'](scanStartArgsSchema.parse({ deviceId: 'usb:1' }), ctx)).rejects.toMatchObject({ code: 'scanner-offline' });
  });
});
