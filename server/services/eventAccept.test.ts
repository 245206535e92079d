import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionEvent, eventWire, receivedEvent } from '../../tests/support/dossierEvents.js';
import type { Db } from '../db/db.js';
import { migrateUp } from '../db/migrate.js';
import { testDbEngines } from '../db/testDb.js';
import { dossierMove } from './dossierMove.js';
import type { Sender } from './eventAccept.js';
import { syncPull, syncPush } from './syncStore.js';

// The provincial server decides: every pushed row is checked on its own against the server's
// state, with the shared rules. Each refusal also checks that nothing was written.

let n = 0;
const rowsOf = async (db: Db) => Number((await db.query<{ c: string | number }>('SELECT count(*) AS c FROM sync_docs'))[0]?.c);
const maxSeq = async (db: Db) => Number((await db.query<{ s: string | number | null }>('SELECT max(seq) AS s FROM sync_docs'))[0]?.s ?? 0);
const push = (db: Db, who: Sender, collection: 'events' | 'files' | 'dossiers', docs: unknown[]) =>
  syncPush(db, collection, who, docs.map((d) => ({ newDocumentState: d })));

describe.each(testDbEngines())('the server checks every event ($name)', (engine) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await engine.open());
    await migrateUp(db);
  }, 300_000);
  afterAll(async () => cleanup(), 120_000);

  // Each test its own unit (a fresh agency code) so that tests stay independent.
  function unit() {
    n += 1;
    const k = n;
    const code = `H${String(k).padStart(2, '0')}.01`;
    const clerk: Sender = { name: `lan${n}`, role: 'clerk', units: [code] };
    const postal: Sender = { name: `buu${n}`, role: 'postal', units: [code] };
    let d = 0;
    const dossier = () => {
      d += 1;
      const id = `d-${k}-${d}-aaaaaaaa`;
      return { id, received: receivedEvent(id, { code: `${code}-261130-${String(d).padStart(4, '0')}`, agencyCode: code }) };
    };
    return { code, clerk, postal, dossier };
  }

  it('stores a dossier’s events in acceptance order, derives its projection, and takes a repeated push as done', async () => {
    const u = unit();
    const { id, received } = u.dossier();
    const ready = actionEvent(id, 2, 'result-ready', { resultCode: null, electronicResult: false });
    const first = await push(db, u.clerk, 'events', [eventWire(received, u.code), eventWire(ready, u.code)]);
    expect(first).toMatchObject({ conflicts: [], rejected: [], written: 2 });
    const seq = await maxSeq(db);
    const again = await push(db, u.clerk, 'events', [eventWire(received, u.code), eventWire(ready, u.code)]);
    expect(again).toMatchObject({ rejected: [], written: 0 });
    expect(await maxSeq(db)).toBe(seq);
    const events = (await syncPull(db, 'events', [u.code], null, 100)).documents;
    expect(events.map((e) => [e.id, e.pos])).toEqual([[received.id, 1], [ready.id, 2]]);
    const [dossier] = (await syncPull(db, 'dossiers', [u.code], null, 100)).documents;
    expect(dossier).toMatchObject({ id, status: 'result-ready', projection: { lastSeq: 2, applicantIdNumber: '001190012345' } });
  });

  it('refuses, per row, what the sender’s role may not record (postal staff do intake only) and any deletion', async () => {
    const u = unit();
    const { id, received } = u.dossier();
    await push(db, u.clerk, 'events', [eventWire(received, u.code), eventWire(actionEvent(id, 2, 'result-ready', { resultCode: null, electronicResult: false }), u.code)]);
    const before = await rowsOf(db);
    const returned = actionEvent(id, 3, 'returned', { delivery: 'counter', note: null });
    const tombstone = { ...eventWire(received, u.code), _deleted: true };
    const answer = await push(db, u.postal, 'events', [eventWire(returned, u.code), tombstone]);
    expect(answer.rejected.map((r) => [r.index, r.code])).toEqual([[0, 'forbidden-role'], [1, 'immutable']]);
    expect(answer.written).toBe(0);
    expect(await rowsOf(db)).toBe(before);
    const [dossier] = (await syncPull(db, 'dossiers', [u.code], null, 100)).documents;
    expect(dossier).toMatchObject({ status: 'result-ready', _deleted: false });
  });

  it('rejects a row with a NUL or an unpaired surrogate and stores the rest of its batch', async () => {
    const u = unit();
    const a = u.dossier();
    const b = u.dossier();
    const c = u.dossier();
    const nul = receivedEvent(b.id, { code: b.received.payload.code, agencyCode: u.code, applicantName: 'Đỗ\u0000Hương' });
    const lone = receivedEvent(c.id, { code: c.received.payload.code, agencyCode: u.code, applicantName: 'Đỗ \ud800 Hương' });
    const answer = await push(db, u.clerk, 'events', [eventWire(nul, u.code), eventWire(a.received, u.code), eventWire(lone, u.code)]);
    expect(answer.rejected.map((r) => [r.index, r.code])).toEqual([[0, 'bad-text'], [2, 'bad-text']]);
    expect(answer.written).toBe(1);
    expect((await syncPull(db, 'events', [u.code], null, 100)).documents.map((e) => e.id)).toEqual([a.received.id]);
  });

  it('refuses an event that is not a legal step from the server’s state: the second of two counters loses', async () => {
    const u = unit();
    const { id, received } = u.dossier();
    await push(db, u.clerk, 'events', [eventWire(received, u.code)]);
    // Two counters, offline, each acted on the same dossier as its own step 2.
    const ready = actionEvent(id, 2, 'result-ready', { resultCode: null, electronicResult: false });
    const refused = actionEvent(id, 2, 'refused', { reason: 'Thiếu giấy tờ' });
    const rated = actionEvent(id, 3, 'rated', { score: 5, dislike: false, stage: 'intake', comment: null });
    expect((await push(db, u.clerk, 'events', [eventWire(ready, u.code)])).written).toBe(1);
    const before = await rowsOf(db);
    const late = await push(db, u.clerk, 'events', [eventWire(refused, u.code), eventWire(rated, u.code)]);
    expect(late.rejected.map((r) => [r.index, r.code])).toEqual([[0, 'illegal-transition']]);
    expect(late.written).toBe(1);
    expect(await rowsOf(db)).toBe(before + 1);
    const events = (await syncPull(db, 'events', [u.code], null, 100)).documents;
    expect(events.map((e) => [e.type, e.pos])).toEqual([['received', 1], ['result-ready', 2], ['rated', 3]]);
  });

  it('refuses a second receipt, a code taken, a code of another agency and a number from another workstation’s block', async () => {
    const u = unit();
    const a = u.dossier();
    await push(db, u.clerk, 'events', [eventWire(a.received, u.code)]);
    await db.query(`INSERT INTO sequence_blocks (workstation_id, agency_code, first_no, last_no) VALUES ('ws2', $1, 500, 599)`, [u.code]);
    const before = await rowsOf(db);
    const again = receivedEvent(a.id, { code: `${u.code}-261130-0100`, agencyCode: u.code });
    const taken = receivedEvent('d-taken-aaaaaaaa', { code: a.received.payload.code, agencyCode: u.code });
    const foreign = receivedEvent('d-foreign-aaaaaaaa', { code: 'H99.99-261130-0001', agencyCode: u.code });
    const block = receivedEvent('d-block-aaaaaaaa', { code: `${u.code}-261130-0501`, agencyCode: u.code });
    const answer = await push(db, u.clerk, 'events', [again, taken, foreign, block].map((e) => eventWire(e, u.code)));
    expect(answer.rejected.map((r) => r.code)).toEqual(['dossier-exists', 'code-taken', 'code-mismatch', 'code-block']);
    expect(await rowsOf(db)).toBe(before);
    const own = receivedEvent('d-own-aaaaaaaa', { code: `${u.code}-261130-0502`, agencyCode: u.code, actor: { userId: 'u2', userName: 'Hoa', workstationId: 'ws2' } });
    expect((await push(db, u.clerk, 'events', [eventWire(own, u.code)])).written).toBe(1);
  });

  it('refuses another unit’s rows per row, even when relabelled to the sender’s unit', async () => {
    const u = unit();
    const other = unit();
    const theirs = other.dossier();
    await push(db, other.clerk, 'events', [eventWire(theirs.received, other.code)]);
    const mine = u.dossier();
    const before = await rowsOf(db);
    const asTheirs = actionEvent(theirs.id, 2, 'withdrawn', { reason: 'x' });
    const relabelled = actionEvent(theirs.id, 2, 'refused', { reason: 'x' });
    const answer = await push(db, u.clerk, 'events', [eventWire(asTheirs, other.code), eventWire(relabelled, u.code), eventWire(mine.received, u.code)]);
    expect(answer.rejected.map((r) => [r.index, r.code])).toEqual([[0, 'forbidden-unit'], [1, 'forbidden-unit']]);
    expect(answer.written).toBe(1);
    expect(await rowsOf(db)).toBe(before + 2); // the event and its derived dossier
    expect((await syncPull(db, 'events', [other.code], null, 100)).documents).toHaveLength(1);
  });

  it('serves dossiers pull-only and keeps file records immutable', async () => {
    const u = unit();
    const { id, received } = u.dossier();
    const before = await rowsOf(db);
    const dossiers = await push(db, u.clerk, 'dossiers', [{ id, unitCode: u.code, updatedAt: received.at, _deleted: false, status: 'returned' }]);
    expect(dossiers.rejected.map((r) => r.code)).toEqual(['not-replicated']);
    expect(await rowsOf(db)).toBe(before);
    const file = { id: `${id}:${'a'.repeat(64)}`, sha256: 'a'.repeat(64), dossierId: id, unitCode: u.code, componentCode: null, name: 'to-khai.pdf', mime: 'application/pdf', size: 10, pages: 1, searchable: true, createdAt: received.at, _deleted: false };
    expect((await push(db, u.clerk, 'files', [file])).written).toBe(1);
    const changed = await push(db, u.clerk, 'files', [{ ...file, name: 'khac.pdf' }, { ...file, _deleted: true }, file]);
    expect(changed.rejected.map((r) => r.code)).toEqual(['immutable', 'immutable']);
    expect(changed.written).toBe(0);
  });

  it('answers a checkpoint ahead of the server with a reset', async () => {
    const u = unit();
    await expect(syncPull(db, 'events', [u.code], { seq: (await maxSeq(db)) + 1000 }, 10)).rejects.toMatchObject({ code: 'conflict', details: { reason: 'checkpoint-ahead' } });
  });

  it('moves a dossier: the new unit pulls it, the old unit gets a marker, and its late pushes are refused per row', async () => {
    const from = unit();
    const to = unit();
    await db.query(`INSERT INTO units (code, name) VALUES ($1, 'Xã mới') ON CONFLICT DO NOTHING`, [to.code]);
    const { id, received } = from.dossier();
    const attach = actionEvent(id, 2, 'file-attached', { sha256: 'b'.repeat(64), name: 'scan.pdf', componentCode: null, role: 'component', digitised: true, reused: false });
    await push(db, from.clerk, 'events', [eventWire(received, from.code), eventWire(attach, from.code)]);
    const checkpoint = (await syncPull(db, 'events', [from.code], null, 100)).checkpoint;
    const moved = await dossierMove(db, { dossier: received.payload.code, to: to.code });
    expect(moved).toMatchObject({ from: from.code, to: to.code, rows: 3 });
    expect((await syncPull(db, 'events', [to.code], null, 100)).documents.map((e) => [e.pos, e.id]).sort()).toEqual([[1, received.id], [2, attach.id]]);
    const marker = (await syncPull(db, 'events', [from.code], checkpoint, 100)).documents;
    expect(marker).toEqual([expect.objectContaining({ dossierId: id, movedTo: to.code, _deleted: true })]);
    const links = await db.query<{ unit_code: string }>('SELECT unit_code FROM blob_links WHERE dossier_id = $1', [id]);
    expect(links.map((l) => l.unit_code)).toEqual([to.code]);
    const before = await rowsOf(db);
    const late = await push(db, from.clerk, 'events', [eventWire(actionEvent(id, 3, 'rated', { score: 4, dislike: false, stage: 'intake', comment: null }), from.code), eventWire(from.dossier().received, from.code)]);
    expect(late.rejected.map((r) => [r.index, r.code])).toEqual([[0, 'dossier-moved']]);
    expect(await rowsOf(db)).toBe(before + 2);
  });
});
