import 'fake-indexeddb/auto';
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testWorkstationOpen, type TestWorkstation } from './clientKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';
import { actionEvent, receivedEvent } from '../support/dossierEvents.js';

// The renderer's replication (RxDB on fake-indexeddb) and the main-side sync service, against a
// real server on PGlite: only events and file records travel, each keyed by its own id; every
// workstation rebuilds the dossier from the events it holds; the server holds personal data
// open (TLS in transit) and each workstation seals it with its own key; what the server refuses
// is quarantined on the workstation that made it.

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The link drops (the configured address stops answering) or comes back. */
async function linkSet(ws: TestWorkstation, up: boolean, serverUrl: string): Promise<void> {
  const settings = await ws.settings.get();
  if (!settings) throw new Error('no settings');
  await ws.settings.save({ ...settings, serverUrl: up ? serverUrl : 'http://127.0.0.1:9' });
}

describe('client replication against the server (pglite)', () => {
  let kit: TestServer;
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    for (const u of ['clerk1', 'clerk2', 'clerk3']) await testUserAdd(kit, u, 'clerk', ['H29.01']);
  }, 60_000);
  afterAll(async () => {
    await kit?.cleanup();
  });

  it('carries a dossier taken in on A, with its events, personal data and file, to B', async () => {
    const a = await testWorkstationOpen(kit.server.url);
    const b = await testWorkstationOpen(kit.server.url);
    try {
      expect(await a.service.signInOnline('clerk1', 'clerk1-secret-pw')).toBe('online');
      expect(await b.service.signInOnline('clerk2', 'clerk2-secret-pw')).toBe('online');
      const id = randomUUID();
      const bytes = Buffer.from('%PDF-1.4\n% tờ khai\n%%EOF\n');
      const { sha256 } = await a.blobs.put(bytes);
      const intake = receivedEvent(id, { code: 'H29.01-261130-0001' });
      const attached = actionEvent(id, 2, 'file-attached', { sha256, name: 'to-khai.pdf', componentCode: 'TK', role: 'component', digitised: true, reused: false });
      await a.db.files.insert({ id: `${id}:${sha256}`, sha256, dossierId: id, unitCode: 'H29.01', componentCode: 'TK', name: 'to-khai.pdf', mime: 'application/pdf', size: bytes.length, createdAt: '2026-11-30T08:16:00+07:00', syncState: 'local' });
      await a.repo.appendAll([intake, attached]);
      a.startSync();
      b.startSync();
      const onB = await until(() => b.repo.get(id), (r) => r !== null);
      expect(onB?.projection.code).toBe('H29.01-261130-0001');
      // B reads the personal data with its own key; its database holds only ciphertext.
      expect((await b.repo.personal(id))?.idNumber).toBe('001190012345');
      expect(JSON.stringify((await b.db.dossiers.findOne(id).exec())?.toJSON())).not.toContain('001190012345');
      expect(JSON.stringify((await b.db.events.find().exec()).map((e) => e.toJSON()))).not.toContain('001190012345');
      expect((await until(() => b.repo.events(id), (e) => e.length === 2)).map((e) => e.id)).toEqual([intake.id, attached.id]);
      const fileOnB = await until(() => b.blobs.has(sha256), (v) => v);
      expect(fileOnB).toBe(true);
      expect(createHash('sha256').update(await b.blobs.get(sha256)).digest('hex')).toBe(sha256);
      // A's events are acknowledged and placed by the server (its pulled copies bring pos 1, 2):
      // the status bar's pending count falls to zero, the dossier reads acknowledged.
      const placed = await until(
        async () => (await a.db.events.find({ selector: { dossierId: id } }).exec()).map((e) => `${e.syncState}:${e.pos}`).sort(),
        (v) => v.join() === 'acknowledged:1,acknowledged:2',
      );
      expect(placed).toEqual(['acknowledged:1', 'acknowledged:2']);
      await a.sync?.awaitInSync();
      expect((await a.repo.get(id))?.syncState).toBe('acknowledged');
      // Only events and file records went to the server, keyed by their own ids.
      const rows = await kit.server.db.query<{ collection: string; id: string }>("SELECT collection, id FROM sync_docs WHERE collection IN ('events', 'files') AND doc->>'dossierId' = $1 ORDER BY collection, id", [id]);
      expect(rows).toEqual([...[intake.id, attached.id].sort().map((e) => ({ collection: 'events', id: e })), { collection: 'files', id: `${id}:${sha256}` }]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('queues events while the server is away and sends them when it returns, once', async () => {
    const a = await testWorkstationOpen(kit.server.url);
    try {
      await a.service.signInOnline('clerk1', 'clerk1-secret-pw');
      await linkSet(a, false, kit.server.url);
      const id = randomUUID();
      const intake = receivedEvent(id, { code: 'H29.01-261130-0002' });
      await a.repo.append(intake);
      const sync = a.startSync();
      const queued = await until(async () => (await a.db.events.findOne(intake.id).exec())?.syncState, (s) => s === 'queued');
      expect(queued).toBe('queued');
      await linkSet(a, true, kit.server.url);
      await sync.syncNow();
      const state = await until(async () => (await a.db.events.findOne(intake.id).exec())?.pos, (p) => p === 1);
      expect(state).toBe(1);
      const rows = await kit.server.db.query<{ n: string | number }>("SELECT count(*) AS n FROM sync_docs WHERE collection = 'events' AND doc->>'dossierId' = $1", [id]);
      expect(Number(rows[0]?.n)).toBe(1);
    } finally {
      await a.close();
    }
  }, 60_000);

  it('two counters act on one dossier offline: the server takes the first, the second lands in quarantine on its own workstation only', async () => {
    const a = await testWorkstationOpen(kit.server.url);
    const b = await testWorkstationOpen(kit.server.url);
    try {
      await a.service.signInOnline('clerk1', 'clerk1-secret-pw');
      await b.service.signInOnline('clerk2', 'clerk2-secret-pw');
      const id = randomUUID();
      await a.repo.append(receivedEvent(id, { code: 'H29.01-261130-0003' }));
      const syncA = a.startSync();
      const syncB = b.startSync();
      await until(() => b.repo.get(id), (r) => r !== null);
      // B loses the link and transfers the dossier; meanwhile A withdraws it, online.
      await linkSet(b, false, kit.server.url);
      const transfer = actionEvent(id, 2, 'transferred', { toUnit: 'H29.01.KT', note: null }, { at: '2026-11-30T09:05:00+07:00' });
      await b.repo.append(transfer);
      await until(async () => (await b.db.events.findOne(transfer.id).exec())?.syncState, (s) => s === 'queued');
      const withdraw = actionEvent(id, 2, 'withdrawn', { reason: 'Người nộp rút hồ sơ' }, { at: '2026-11-30T09:00:00+07:00' });
      await a.repo.append(withdraw);
      await until(async () => (await a.db.events.findOne(withdraw.id).exec())?.pos, (p) => p === 2);
      await linkSet(b, true, kit.server.url);
      await syncB.syncNow();
      const refused = await until(async () => (await b.db.events.findOne(transfer.id).exec())?.toJSON(), (e) => e?.syncState === 'rejected');
      expect(refused?.syncReason).toMatch(/^illegal-transition: /);
      await syncB.awaitInSync();
      await syncA.awaitInSync();
      // B's dossier: the server's order (received, withdrawn), marked rejected with the reason.
      expect(await b.repo.get(id)).toMatchObject({ syncState: 'rejected', projection: { status: 'withdrawn', transferCount: 0 } });
      expect((await b.repo.events(id)).map((e) => e.type)).toEqual(['received', 'withdrawn']);
      // Not on the server, not on A.
      const onServer = await kit.server.db.query("SELECT id FROM sync_docs WHERE collection = 'events' AND id = $1", [transfer.id]);
      expect(onServer).toEqual([]);
      expect(await a.db.events.findOne(transfer.id).exec()).toBeNull();
      expect(await a.repo.get(id)).toMatchObject({ syncState: 'acknowledged', projection: { status: 'withdrawn' } });
      expect(await a.db.events.count({ selector: { syncState: 'rejected' } }).exec()).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('refuses a revoked user at the counter after the next sync, even offline', async () => {
    const a = await testWorkstationOpen(kit.server.url);
    try {
      // clerk3 has signed in here online once: the workstation holds its own verifier.
      await a.service.signInOnline('clerk3', 'clerk3-secret-pw');
      await a.service.signInOnline('clerk1', 'clerk1-secret-pw');
      expect((await a.users.verifyPassword('clerk3', 'clerk3-secret-pw')).units).toEqual(['H29.01']);
      await kit.server.db.query('UPDATE users SET disabled = true WHERE username = $1', ['clerk3']);
      await a.service.directoryRefresh();
      await expect(a.users.verifyPassword('clerk3', 'clerk3-secret-pw')).rejects.toMatchObject({ code: 'forbidden' });
      // A wrong password at the server is refused, not passed to the local copy.
      await expect(a.service.signInOnline('clerk2', 'wrong-password')).rejects.toMatchObject({ code: 'unauthenticated' });
    } finally {
      await a.close();
    }
  }, 60_000);
});
