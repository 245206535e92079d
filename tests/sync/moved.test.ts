import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierMove } from '../../server/services/dossierMove.js';
import { quarantineList } from '../../renderer/sync/quarantine.js';
import { actionEvent, receivedEvent } from '../support/dossierEvents.js';
import { testWorkstationOpen, type TestWorkstation } from './clientKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';
import { storyPeerStart, type StoryPeer } from './storyPeer.js';

// A dossier moved to another unit by provincial IT (docs/spec/sync.md, "Unit moves"), seen by the
// app's replication: the old unit's counter drops its copy (what it had not sent yet lands in
// quarantine, never pushed), the new unit's counter gets the dossier and carries on with it under
// its unit, and a supervisor of both units keeps it (its own process: storyPeer.ts).

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function linkSet(ws: TestWorkstation, url: string | null): Promise<void> {
  const settings = await ws.settings.get();
  if (!settings) throw new Error('no settings');
  await ws.settings.save({ ...settings, serverUrl: url ?? 'http://127.0.0.1:9' });
}

describe('a dossier moved to another unit (pglite)', () => {
  let kit: TestServer;
  let a: TestWorkstation | null = null;
  let b: TestWorkstation | null = null;
  let sup: StoryPeer | null = null;
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    for (const code of ['H29.01', 'H29.02']) await kit.server.db.query(`INSERT INTO units (code, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [code]);
    await testUserAdd(kit, 'clerk-old', 'clerk', ['H29.01']);
    await testUserAdd(kit, 'clerk-new', 'clerk', ['H29.02']);
    await testUserAdd(kit, 'both', 'supervisor', ['H29.01', 'H29.02']);
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sup?.stop();
    await kit?.cleanup();
  });

  it('drops it at the old unit, brings it to the new one, and keeps it for a supervisor of both', async () => {
    a = await testWorkstationOpen(kit.server.url);
    b = await testWorkstationOpen(kit.server.url, { agencyCode: 'H29.02' });
    expect(await a.service.signInOnline('clerk-old', 'clerk-old-secret-pw')).toBe('online');
    expect(await b.service.signInOnline('clerk-new', 'clerk-new-secret-pw')).toBe('online');
    sup = storyPeerStart();
    expect(await sup.call({ op: 'open', url: kit.server.url, username: 'both', password: 'both-secret-pw' })).toBe('online');
    const id = `moved-dossier-${process.pid}`;
    const intake = receivedEvent(id, { code: 'H29.01-261130-0001' });
    await a.repo.append(intake);
    const syncA = a.startSync();
    const syncB = b.startSync();
    await until(async () => (await a?.db.events.findOne(intake.id).exec())?.pos, (p) => p === 1);
    await sup.call({ op: 'sync' });

    // A's link drops; its clerk records the result, not knowing the dossier is no longer hers.
    await linkSet(a, null);
    const late = actionEvent(id, 2, 'result-ready', { resultCode: null, electronicResult: false });
    await a.repo.append(late);
    const moved = await dossierMove(kit.server.db, { dossier: id, to: 'H29.02' });
    expect(moved).toMatchObject({ from: 'H29.01', to: 'H29.02' });

    // The new unit's counter gets the dossier and carries on with it, under its unit.
    const onB = await until(() => b!.repo.get(id), (r) => r !== null);
    expect(onB?.projection.code).toBe('H29.01-261130-0001');
    expect((await b.db.events.findOne(intake.id).exec())?.unitCode).toBe('H29.02');
    const transfer = actionEvent(id, 2, 'transferred', { toUnit: 'H29.02.TP', note: null });
    await b.repo.append(transfer);
    expect((await b.db.events.findOne(transfer.id).exec())?.unitCode).toBe('H29.02');
    expect(await until(async () => (await b?.db.events.findOne(transfer.id).exec())?.pos, (p) => p === 2)).toBe(2);

    // The old unit's counter: its copy goes, the late event is quarantined and never sent.
    await linkSet(a, kit.server.url);
    await syncA.syncNow();
    const left = await until(async () => (await a!.db.events.find({ selector: { dossierId: id } }).exec()).map((e) => [e.id, e.syncState]), (v) => v.length === 1 && v[0]?.[1] === 'rejected');
    expect(left).toEqual([[late.id, 'rejected']]);
    await syncA.awaitInSync();
    expect(await a.repo.get(id)).toBeNull();
    expect((await quarantineList(a.db)).map((r) => [r.id, r.code])).toEqual([[late.id, 'dossier-moved']]);
    const onServer = await kit.server.db.query<{ id: string }>("SELECT id FROM sync_docs WHERE collection = 'events' AND NOT deleted AND doc->>'dossierId' = $1 ORDER BY id", [id]);
    expect(onServer.map((r) => r.id)).toEqual([intake.id, transfer.id].sort());

    // The supervisor of both units keeps the dossier, as the new unit's.
    await syncB.awaitInSync();
    const view = (await until(
      async () => (await sup!.call({ op: 'sync' }), (await sup!.call({ op: 'view' })) as { events: [string, Record<string, unknown>][] }),
      (v) => v.events.filter(([, e]) => e.dossierId === id).length === 2,
    )).events.filter(([, e]) => e.dossierId === id);
    expect(view.map(([, e]) => e.unitCode)).toEqual(['H29.02', 'H29.02']);
  }, 180_000);
});
