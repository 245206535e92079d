import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { bundleRowDecide, bundleCollections, type BundleRows } from '../../../shared/sync/bundle.js';
import { blobStoreCreate } from '../blobs/blobStore.js';
import { bundleKeysCreate } from './bundleKeys.js';
import { bundleServiceCreate } from './bundleService.js';

// Two workstations and no server: A exports rows and a scan onto a "USB stick", B imports them.

const provinceKey = randomBytes(32).toString('base64');

async function workstation(root: string, id: string, secret = provinceKey) {
  const dataDir = join(root, id);
  const blobs = blobStoreCreate(join(dataDir, 'blobs'));
  const keys = bundleKeysCreate(dataDir, id);
  await keys.secretSet('gl-2026', secret);
  const service = bundleServiceCreate({ dataDir, blobs, keys, nowIso: () => '2026-03-02T17:00:00+07:00' });
  // The renderer's side of an import: upsert by the shared merge rule.
  const db = new Map<string, Record<string, unknown>>();
  const merge = (rows: BundleRows) => {
    let changed = 0;
    for (const c of bundleCollections) {
      for (const row of rows[c]) {
        const d = bundleRowDecide(c, db.get(`${c}/${row.id}`), row);
        if (d === 'insert' || d === 'replace') {
          db.set(`${c}/${row.id}`, row);
          changed++;
        }
      }
    }
    return changed;
  };
  return { blobs, keys, service, db, merge };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof AppError ? err.code : `other: ${String(err)}`;
  }
  return 'accepted';
}

describe('sync bundles between workstations', () => {
  let root = '';
  let a: Awaited<ReturnType<typeof workstation>>;
  let b: Awaited<ReturnType<typeof workstation>>;
  let bundlePath = '';
  let rows: BundleRows;
  let scan: Buffer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'motcua-bundle-'));
    a = await workstation(root, 'PC-A');
    b = await workstation(root, 'PC-B');
    const pemA = (await a.keys.signer()).publicKeyPem;
    await b.keys.trustAdd('PC-A', pemA);
    scan = randomBytes(50_000);
    const { sha256 } = await a.blobs.put(scan);
    rows = {
      dossiers: [{ id: 'd1', unitCode: 'H05.01', code: 'H05.01-260302-0001', lastSeq: 2, updatedAt: '2026-03-02T10:00:00+07:00', projection: { status: 'in-process' } }],
      events: [
        { id: 'd1:000002', unitCode: 'H05.01', dossierId: 'd1', seq: 2, type: 'transferred', payload: { toUnit: 'X', note: null } },
        { id: 'd1:000001', unitCode: 'H05.01', dossierId: 'd1', seq: 1, type: 'received', payload: { code: 'H05.01-260302-0001' } },
      ],
      files: [{ id: 'f1', unitCode: 'H05.01', dossierId: 'd1', sha256, name: 'to-khai.pdf', size: scan.length }],
    };
    bundlePath = (await a.service.export({ rows, blobHashes: [sha256], path: join(root, 'usb', 'a.mcb') })).path;
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('round trip: B gets the same rows and the same file bytes; a second import changes nothing', async () => {
    const first = await b.service.import(bundlePath);
    expect(first).toMatchObject({ workstationId: 'PC-A', blobsStored: 1, blobsPresent: 0, alreadyImported: false });
    // Canonical order: events by id.
    expect(first.rows.events.map((e) => e.id)).toEqual(['d1:000001', 'd1:000002']);
    expect(first.rows.dossiers).toEqual(rows.dossiers);
    expect(first.rows.files).toEqual(rows.files);
    expect(b.merge(first.rows)).toBe(4);
    const sha = rows.files[0]?.sha256 as string;
    expect(Buffer.compare(await b.blobs.get(sha), scan)).toBe(0);
    const second = await b.service.import(bundlePath);
    expect(second).toMatchObject({ blobsStored: 0, blobsPresent: 1, alreadyImported: true });
    expect(b.merge(second.rows)).toBe(0);
  });

  it('an older bundle never overwrites a newer dossier; a changed event is a conflict', () => {
    const newer = { ...rows.dossiers[0], lastSeq: 3, id: 'd1', unitCode: 'H05.01' };
    expect(bundleRowDecide('dossiers', newer, rows.dossiers[0] as Record<string, unknown>)).toBe('stale');
    expect(bundleRowDecide('dossiers', rows.dossiers[0], newer)).toBe('replace');
    expect(bundleRowDecide('events', rows.events[0], { ...rows.events[0], type: 'refused' })).toBe('conflict');
  });

  it('any altered byte is refused as bundle-corrupt', async () => {
    const bytes = await readFile(bundlePath);
    // Header, sealed payload, signature and checksum regions, plus truncation.
    const positions = [3, 20, 200, Math.floor(bytes.length / 2), bytes.length - 80, bytes.length - 1];
    for (const pos of positions) {
      const bad = Buffer.from(bytes);
      bad[pos] = (bad[pos] as number) ^ 0x01;
      const path = join(root, `tampered-${pos}.mcb`);
      await writeFile(path, bad);
      expect(await refusal(b.service.import(path)), `byte ${pos}`).toBe('bundle-corrupt');
    }
    await writeFile(join(root, 'short.mcb'), bytes.subarray(0, bytes.length - 5));
    expect(await refusal(b.service.import(join(root, 'short.mcb')))).toBe('bundle-corrupt');
  });

  it('a bundle signed by an unknown workstation is refused as bundle-untrusted', async () => {
    const c = await workstation(root, 'PC-C');
    const { path } = await c.service.export({ rows, blobHashes: [] });
    expect(await refusal(b.service.import(path))).toBe('bundle-untrusted');
    // PC-C registered with another key (A's): C's own signature no longer matches.
    const d = await workstation(root, 'PC-D');
    await d.keys.trustAdd('PC-C', (await a.keys.signer()).publicKeyPem);
    expect(await refusal(d.service.import(path))).toBe('bundle-untrusted');
  });

  it('another province key cannot open the bundle', async () => {
    const e = await workstation(root, 'PC-E', randomBytes(32).toString('base64'));
    await e.keys.trustAdd('PC-A', (await a.keys.signer()).publicKeyPem);
    expect(await refusal(e.service.import(bundlePath))).toBe('bundle-corrupt');
  });

  it('refuses rows without id/unitCode and missing blobs before writing anything', async () => {
    expect(await refusal(a.service.export({ rows: { ...rows, dossiers: [{ id: '', unitCode: 'x' }] }, blobHashes: [] }))).toBe('validation-failed');
    expect(await refusal(a.service.export({ rows, blobHashes: ['b'.repeat(64)] }))).toBe('not-found');
  });
});
