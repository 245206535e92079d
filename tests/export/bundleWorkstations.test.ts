// Two workstations and no network, with their real databases (RxDB on Dexie over fake-indexeddb)
// and their own personal-data keys: the events and file records of A's unsynced dossiers go onto
// a "USB stick" as a bundle; B rebuilds the dossiers from them, and the provincial server (by
// `motcua server import-bundle`) checks them as a push. Then the same bundle again, and an
// altered copy.
import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command.js';
import { cliRun } from '../../cli/main.js';
import { blobStoreCreate } from '../../electron/services/blobs/blobStore.js';
import { bundleKeysCreate } from '../../electron/services/bundle/bundleKeys.js';
import { bundleServiceCreate } from '../../electron/services/bundle/bundleService.js';
import { databaseOpen, type Database } from '../../renderer/db/database.js';
import { dossierRepoCreate, type DossierRepo } from '../../renderer/db/dossierRepo.js';
import { personalCipherCreate, type PersonalCipher } from '../../renderer/db/personalCipher.js';
import { bundleRowsApply, bundleRowsCollect } from '../../renderer/sync/bundleRows.js';
import { receivedEvent } from '../support/dossierEvents.js';

const provinceKey = randomBytes(32).toString('base64');
const actor = { userId: 'u1', userName: 'Nguyễn Thị Lan', workstationId: 'PC-A' };

interface Station {
  db: Database;
  cipher: PersonalCipher;
  repo: DossierRepo;
  blobs: ReturnType<typeof blobStoreCreate>;
  keys: ReturnType<typeof bundleKeysCreate>;
  service: ReturnType<typeof bundleServiceCreate>;
}

async function station(root: string, id: string): Promise<Station> {
  const dataDir = join(root, id);
  const db = await databaseOpen({ name: `bundle-${id}-${randomUUID()}` });
  // Each workstation seals personal data under its own key.
  const cipher = await personalCipherCreate(randomBytes(32).toString('base64'));
  const blobs = blobStoreCreate(join(dataDir, 'blobs'));
  const keys = bundleKeysCreate(dataDir, id);
  await keys.secretSet('gl-2026', provinceKey);
  const service = bundleServiceCreate({ dataDir, blobs, keys, nowIso: () => '2026-11-30T17:00:00+07:00' });
  return { db, cipher, repo: dossierRepoCreate(db, cipher), blobs, keys, service };
}

async function snapshot(s: Station, ids: string[]) {
  return Promise.all(ids.map(async (id) => ({ events: await s.repo.events(id), personal: await s.repo.personal(id), projection: (await s.repo.get(id))?.projection })));
}

describe('sync bundle between two workstations without a network', () => {
  let root = '';
  let a: Station;
  let b: Station;
  let bundlePath = '';
  const scan = randomBytes(30_000);
  const ids = ['dossier-1', 'dossier-2', 'dossier-3'];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'motcua-bundle-ws-'));
    a = await station(root, 'PC-A');
    b = await station(root, 'PC-B');
    const signer = await a.keys.signer();
    await b.keys.trustAdd(signer.workstationId, signer.publicKeyPem);
    for (const [i, id] of ids.entries()) await a.repo.append(receivedEvent(id, { code: `H29.01-261130-000${i + 1}`, applicantName: `Đỗ Thị Hương ${i + 1}`, idNumber: `00119001234${i + 1}`, actor }));
    await a.repo.append({ id: randomUUID(), dossierId: 'dossier-1', seq: 2, type: 'transferred', at: '2026-11-30T09:00:00+07:00', actor, payload: { toUnit: 'H29.01.02', note: null } });
    const { sha256 } = await a.blobs.put(scan);
    await a.db.files.insert({ id: 'f1', sha256, dossierId: 'dossier-1', unitCode: 'H29.01', name: 'to-khai.pdf', mime: 'application/pdf', size: scan.length, createdAt: '2026-11-30T08:20:00+07:00', syncState: 'local' });
    // d3 already reached the server on an earlier day: it does not travel again.
    await (await a.db.dossiers.findOne('dossier-3').exec())?.incrementalPatch({ syncState: 'acknowledged' });
    for (const e of await a.db.events.find({ selector: { dossierId: 'dossier-3' } }).exec()) await e.incrementalPatch({ syncState: 'acknowledged' });
  }, 60_000);
  afterAll(async () => {
    await a?.db.remove();
    await b?.db.remove();
    await rm(root, { recursive: true, force: true });
  });

  it('carries the unsynced dossiers with their events, personal data and files; a second import changes nothing', async () => {
    const collected = await bundleRowsCollect(a.db, a.cipher, { all: false });
    expect(collected.dossiers).toBe(2);
    expect(collected.rows.events.map((e) => `${String(e.dossierId)}:${String(e.seq)}`).sort()).toEqual(['dossier-1:1', 'dossier-1:2', 'dossier-2:1']);
    expect(collected.rows).not.toHaveProperty('dossiers');
    const exported = await a.service.export({ rows: collected.rows, blobHashes: collected.blobHashes, path: join(root, 'usb', 'a.mcb') });
    bundlePath = exported.path;
    // Personal data is not readable on the stick.
    expect((await readFile(bundlePath)).includes(Buffer.from('001190012341'))).toBe(false);

    const opened = await b.service.import(bundlePath);
    expect(opened).toMatchObject({ workstationId: 'PC-A', alreadyImported: false, blobsStored: 1 });
    expect(await bundleRowsApply(b.db, b.repo, b.cipher, opened.rows)).toEqual({ inserted: 4, unchanged: 0, refused: [] });
    expect(await snapshot(b, ['dossier-1', 'dossier-2'])).toEqual(await snapshot(a, ['dossier-1', 'dossier-2']));
    expect(await b.db.dossiers.findOne('dossier-3').exec()).toBeNull();
    expect((await b.blobs.get(collected.blobHashes[0] ?? '')).equals(scan)).toBe(true);
    // On B, sealed under B's key: A's stored ciphertext is not what B stores.
    expect((await b.db.dossiers.findOne('dossier-1').exec())?.personal).not.toBe((await a.db.dossiers.findOne('dossier-1').exec())?.personal);
    // B did not take these in: they are not B's to upload.
    expect((await b.db.events.find({ selector: { syncState: { $ne: 'acknowledged' } } }).exec()).length).toBe(0);

    const again = await b.service.import(bundlePath);
    expect(again).toMatchObject({ alreadyImported: true, blobsStored: 0, blobsPresent: 1 });
    expect(await bundleRowsApply(b.db, b.repo, b.cipher, again.rows)).toEqual({ inserted: 0, unchanged: 4, refused: [] });
    // Another record under a stored id is refused, the stored one kept.
    const forged = again.rows.events.map((e) => (e.dossierId === 'dossier-2' ? { ...e, payload: { ...(e.payload as object), procedureName: 'Thủ tục khác' } } : e));
    const refused = await bundleRowsApply(b.db, b.repo, b.cipher, { ...again.rows, events: forged });
    expect(refused.refused).toEqual([expect.stringMatching(/^events\//)]);
    expect((await b.repo.get('dossier-2'))?.projection.procedureName).toBe('Đăng ký nhận cha, mẹ, con');
  });

  it('refuses an altered byte and an unknown workstation, leaving B’s dossiers as they were', async () => {
    const bytes = await readFile(bundlePath);
    const altered = Buffer.from(bytes);
    altered[altered.length - 100] = (altered[altered.length - 100] ?? 0) ^ 0x01;
    const alteredPath = join(root, 'usb', 'altered.mcb');
    await writeFile(alteredPath, altered);
    await expect(b.service.import(alteredPath)).rejects.toMatchObject({ code: 'bundle-corrupt' });
    // A workstation that never trusted PC-A (it has the province secret, not A's key).
    const strangerKeys = bundleKeysCreate(join(root, 'PC-C'), 'PC-C');
    await strangerKeys.secretSet('gl-2026', provinceKey);
    const stranger = bundleServiceCreate({ dataDir: join(root, 'PC-C'), blobs: blobStoreCreate(join(root, 'PC-C', 'blobs')), keys: strangerKeys, nowIso: () => '2026-11-30T17:00:00+07:00' });
    await expect(stranger.import(bundlePath)).rejects.toMatchObject({ code: 'bundle-untrusted' });
    expect(await b.db.dossiers.count().exec()).toBe(2);
  });

  it('is taken in whole by the provincial server (import-bundle), events included', { timeout: 180_000 }, async () => {
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), env: { MOTCUA_BUNDLE_SECRETS: `gl-2026=${provinceKey}` }, cwd: process.cwd() };
    const data = join(root, 'server');
    const pem = join(root, 'pc-a.pem');
    await writeFile(pem, (await a.keys.signer()).publicKeyPem);
    expect(await cliRun(['server', 'workstation', 'trust', '--id', 'PC-A', '--public-key', pem, '--units', 'H29.01', '--data', data, '--init'], io)).toBe(0);
    expect(await cliRun(['server', 'import-bundle', bundlePath, '--data', data, '--json'], io)).toBe(0);
    const result = JSON.parse(out.at(-1) ?? '{}') as { written: number; rejected: unknown[] };
    expect(result.rejected).toEqual([]);
    expect(result.written).toBe(4);
  });
});
