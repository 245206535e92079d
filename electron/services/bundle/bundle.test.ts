import { createHash, randomBytes } from 'node:crypto';
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
  // The renderer's side of an import: insert new rows by the shared rule.
  const db = new Map<string, Record<string, unknown>>();
  const merge = (rows: BundleRows) => {
    let changed = 0;
    for (const c of bundleCollections) {
      for (const row of rows[c]) {
        const d = bundleRowDecide(db.get(`${c}/${row.id}`), row);
        if (d === 'insert') {
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
      events: [
        { id: 'e2-7c1f-4d2a-9b1e', unitCode: 'H05.01', dossierId: 'd1', seq: 2, type: 'transferred', payload: { toUnit: 'X', note: null }, pos: 2 },
        { id: 'e1-3a9b-4c8d-8f2e', unitCode: 'H05.01', dossierId: 'd1', seq: 1, type: 'received', payload: { code: 'H05.01-260302-0001' }, pos: 1 },
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
    expect(first.rows.events.map((e) => e.id)).toEqual(['e1-3a9b-4c8d-8f2e', 'e2-7c1f-4d2a-9b1e']);
    expect(first.rows.files).toEqual(rows.files);
    expect(b.merge(first.rows)).toBe(3);
    const sha = rows.files[0]?.sha256 as string;
    expect(Buffer.compare(await b.blobs.get(sha), scan)).toBe(0);
    const second = await b.service.import(bundlePath);
    expect(second).toMatchObject({ blobsStored: 0, blobsPresent: 1, alreadyImported: true });
    expect(b.merge(second.rows)).toBe(0);
  });

  it('a row is new, the same record whatever position either copy carries, or refused as immutable', () => {
    const event = rows.events[0] as Record<string, unknown>;
    expect(bundleRowDecide(undefined, event)).toBe('insert');
    const { pos: _pos, ...unplaced } = event;
    expect(bundleRowDecide(unplaced, { ...event, acceptedAt: '2026-03-02T03:00:00Z', updatedAt: '2026-03-02T10:00:00+07:00' })).toBe('same');
    expect(bundleRowDecide(event, { ...event, type: 'refused' })).toBe('immutable');
    expect(bundleRowDecide(event, { ...event, _deleted: true })).toBe('immutable');
  });

  it('refuses a bundle of another format version with a clear reason', async () => {
    // An older app's bundle: the header says version 1 (the checksum made to match; the header is
    // read before the signature, so the version is what refuses it).
    const bytes = Buffer.from(await readFile(bundlePath));
    const at = bytes.indexOf('"version":2');
    expect(at).toBeGreaterThan(0);
    bytes.write('"version":1', at);
    createHash('sha256').update(bytes.subarray(0, bytes.length - 32)).digest().copy(bytes, bytes.length - 32);
    const path = join(root, 'version1.mcb');
    await writeFile(path, bytes);
    const err: unknown = await b.service.import(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bundle-corrupt' });
    expect(String((err as Error).message)).toMatch(/format version 1, this app reads 2/);
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
    expect(await refusal(a.service.export({ rows: { ...rows, events: [{ id: '', unitCode: 'x' }] }, blobHashes: [] }))).toBe('validation-failed');
    expect(await refusal(a.service.export({ rows, blobHashes: ['b'.repeat(64)] }))).toBe('not-found');
  });
});
