import 'fake-indexeddb/auto';
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { testWorkstationOpen } from './clientKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';
import { fixtureActor as actor, receivedEvent } from '../support/dossierEvents.js';

// The renderer's replication (RxDB on fake-indexeddb) and the main-side sync service, against a
// real server on PGlite: intake on one workstation arrives on another with its file; the server
// holds personal data open (TLS in transit) and each workstation seals it with its own key.


async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('client replication against the server (pglite)', () => {
  let kit: TestServer;
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    await testUserAdd(kit, 'clerk1', 'clerk', ['H29.01']);
    await testUserAdd(kit, 'clerk2', 'clerk', ['H29.01']);
    await testUserAdd(kit, 'clerk3', 'clerk', ['H29.01']);
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
      await a.repo.append(receivedEvent(id, { code: 'H29.01-261130-0001' }));
      const bytes = Buffer.from('%PDF-1.4\n% tờ khai\n%%EOF\n');
      const { sha256 } = await a.blobs.put(bytes);
      await a.db.files.insert({ id: `${id}:${sha256}`, sha256, dossierId: id, unitCode: 'H29.01', name: 'to-khai.pdf', mime: 'application/pdf', size: bytes.length, createdAt: '2026-11-30T08:16:00+07:00', syncState: 'local' });
      a.startSync();
      b.startSync();
      const onB = await until(() => b.repo.get(id), (r) => r !== null);
      expect(onB?.projection.code).toBe('H29.01-261130-0001');
      expect(onB?.syncState).toBe('acknowledged');
      // B reads the personal data with its own key; its database holds only ciphertext.
      expect((await b.repo.personal(id))?.idNumber).toBe('001190012345');
      expect(JSON.stringify((await b.db.dossiers.findOne(id).exec())?.toJSON())).not.toContain('001190012345');
      expect((await b.repo.events(id)).map((e) => e.type)).toEqual(['received']);
      const fileOnB = await until(() => b.blobs.has(sha256), (v) => v);
      expect(fileOnB).toBe(true);
      expect(createHash('sha256').update(await b.blobs.get(sha256)).digest('hex')).toBe(sha256);
      // A's records are acknowledged: the status bar's pending count falls to zero.
      const pending = await until(async () => (await a.db.events.find({ selector: { syncState: { $ne: 'acknowledged' } } }).exec()).length, (c) => c === 0);
      expect(pending).toBe(0);
      expect((await a.db.dossiers.findOne(id).exec())?.syncState).toBe('acknowledged');
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('queues records while the server is away and sends them when it returns, without duplicates', async () => {
    const a = await testWorkstationOpen(kit.server.url);
    try {
      await a.service.signInOnline('clerk1', 'clerk1-secret-pw');
      const settings = await a.settings.get();
      if (!settings) throw new Error('no settings');
      // The link drops: the configured address stops answering.
      await a.settings.save({ ...settings, serverUrl: 'http://127.0.0.1:9' });
      const id = randomUUID();
      await a.repo.append(receivedEvent(id, { code: 'H29.01-261130-0002' }));
      const sync = a.startSync();
      const queued = await until(async () => (await a.db.events.findOne(`${id}:000001`).exec())?.syncState, (s) => s === 'queued');
      expect(queued).toBe('queued');
      await a.settings.save({ ...settings });
      await sync.syncNow();
      const state = await until(async () => (await a.db.events.findOne(`${id}:000001`).exec())?.syncState, (s) => s === 'acknowledged');
      expect(state).toBe('acknowledged');
      const rows = await kit.server.db.query<{ n: string | number }>("SELECT count(*) AS n FROM sync_docs WHERE id LIKE $1", [`${id}%`]);
      expect(Number(rows[0]?.n)).toBe(2);
    } finally {
      await a.close();
    }
  }, 60_000);

  it('merges concurrent offline work: both events kept, a same-field collision goes to review', async () => {
    const a = await testWorkstationOpen(kit.server.url);
    const b = await testWorkstationOpen(kit.server.url);
    try {
      await a.service.signInOnline('clerk1', 'clerk1-secret-pw');
      await b.service.signInOnline('clerk2', 'clerk2-secret-pw');
      const id = randomUUID();
      await a.repo.append(receivedEvent(id, { code: 'H29.01-261130-0003' }));
      a.startSync();
      const syncB = b.startSync();
      await until(() => b.repo.get(id), (r) => r !== null);
      await until(async () => (await a.db.dossiers.findOne(id).exec())?.syncState, (s) => s === 'acknowledged');
      // B loses the link; both counters transfer the dossier, to different units.
      const settingsB = await b.settings.get();
      if (!settingsB) throw new Error('no settings');
      await b.settings.save({ ...settingsB, serverUrl: 'http://127.0.0.1:9' });
      const transfer = (toUnit: string, at: string): DossierEvent => ({ id: randomUUID(), dossierId: id, seq: 2, type: 'transferred', at, actor, payload: { toUnit, note: null } });
      const onB = transfer('H29.01.KT', '2026-11-30T09:05:00+07:00');
      await b.repo.append(onB);
      await until(async () => (await b.db.events.findOne(`${id}:000002`).exec())?.syncState, (s) => s === 'queued');
      await a.repo.append(transfer('H29.01.TP', '2026-11-30T09:00:00+07:00'));
      await until(async () => (await a.db.events.findOne(`${id}:000002`).exec())?.syncState, (s) => s === 'acknowledged');
      await b.settings.save({ ...settingsB });
      await syncB.syncNow();
      const rows = await until(
        () => kit.server.db.query<{ doc: { eventId: string } }>("SELECT doc FROM sync_docs WHERE collection = 'events' AND id LIKE $1 ORDER BY id", [`${id}%`]),
        (r) => r.length === 3,
      );
      expect(rows.map((r) => r.doc.eventId)).toContain(onB.id);
      const collisions = await until(async () => (await b.db.workstation.find().exec()).filter((d) => d.key.startsWith('sync-collision:')), (c) => c.length > 0);
      expect(collisions.map((c) => (c.value as { field: string }).field)).toContain('projection.currentUnit');
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('refuses a revoked user at the counter after the next sync, even offline', async () => {
    const a = await testWorkstationOpen(kit.server.url);
    try {
      // clerk3 has signed in online here once: the workstation holds its own verifier of her password.
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
