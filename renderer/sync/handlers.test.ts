import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import type { SyncCollectionName } from '../../shared/contract/sync.js';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { databaseOpen, type Database } from '../db/database.js';
import { dossierRepoCreate, type DossierRepo } from '../db/dossierRepo.js';
import { personalCipherCreate, type PersonalCipher } from '../db/personalCipher.js';
import { backoffCreate } from './backoff.js';
import type { SyncBridge } from './bridge.js';
import { pullHandlerCreate } from './pullHandler.js';
import { pushHandlerCreate } from './pushHandler.js';
import { quarantineList } from './quarantine.js';
import { syncMarkerCreate } from './syncMarks.js';
import type { Doc } from './wire.js';

// The replication handlers against the real workstation database (RxDB on fake-indexeddb), with
// the server's answers played by a scripted transport: moved markers, a restored server, an
// acknowledgement that arrives by pull, per-row refusals. tests/sync runs them against the server.

const actor = { userId: 'u1', userName: 'Nguyễn Thị Lan', workstationId: 'ws1' };
const key = (): string => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

function received(dossierId: string, code: string): DossierEvent {
  return {
    id: crypto.randomUUID(), dossierId, seq: 1, type: 'received', at: '2026-11-30T08:15:00+07:00', actor,
    payload: {
      code, agencyCode: 'X01', procedureCode: 'HT-04', procedureName: 'Đăng ký khai sinh',
      applicant: { name: 'Vũ Minh Khôi', idNumber: '001190012345', address: null, phone: null, email: null },
      channel: 1, components: [], fees: [], duration: { value: 3, unit: 'working-days' }, dueAt: '2026-12-03T08:15:00+07:00',
      rulePackVersions: { catalogue: 'c1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' }, procedureOverride: null,
      delivery: { method: 'counter', consent: false, address: null }, postal: null,
    },
  };
}

type Pull = (collection: SyncCollectionName, checkpoint: { seq: number } | null) => { documents: Doc[]; checkpoint: { seq: number } | null };
type Push = (collection: SyncCollectionName, rows: { newDocumentState: Doc }[]) => { conflicts: Doc[]; rejected: { index: number; id: string | null; code: string; reason: string }[] };

/** A transport that answers as scripted and records what was asked. */
function scripted(pull: Pull, push: Push = () => ({ conflicts: [], rejected: [] })) {
  const calls: { pulls: ({ seq: number } | null)[]; pushes: Doc[][] } = { pulls: [], pushes: [] };
  const bridge: SyncBridge = {
    pull: (c, cp) => {
      calls.pulls.push(cp);
      try {
        return Promise.resolve(pull(c, cp));
      } catch (err) {
        return Promise.reject(err);
      }
    },
    push: (c, rows) => {
      calls.pushes.push(rows.map((r) => r.newDocumentState));
      return Promise.resolve(push(c, rows));
    },
    filesFetch: () => Promise.resolve({ fetched: 0, missing: [] }),
    filesUpload: () => Promise.resolve({ uploaded: 0, skipped: 0, failed: [] }),
    now: () => Promise.resolve(null),
    onChanged: () => () => undefined,
  };
  return { bridge, calls };
}

async function open(): Promise<{ db: Database; repo: DossierRepo; cipher: PersonalCipher }> {
  const db = await databaseOpen({ name: `handlers-${crypto.randomUUID()}` });
  const cipher = await personalCipherCreate(key());
  return { db, repo: dossierRepoCreate(db, cipher), cipher };
}

describe('pull handler', () => {
  it('drops a dossier moved to another unit: its records go, one still waiting is quarantined, the projection goes', async () => {
    const { db, repo, cipher } = await open();
    const intake = received('d1', 'X01-261130-0001');
    await repo.append(intake);
    await syncMarkerCreate(db).mark('events', [intake.id], 'acknowledged');
    // Made here after the move, before this workstation heard of it: never sent, not lost.
    const late: DossierEvent = { id: crypto.randomUUID(), dossierId: 'd1', seq: 2, type: 'result-ready', at: '2026-11-30T09:00:00+07:00', actor, payload: { resultCode: null, electronicResult: false } };
    await repo.append(late);
    await db.files.insert({ id: `d1:${'a'.repeat(64)}`, sha256: 'a'.repeat(64), dossierId: 'd1', unitCode: 'X01', name: 'a.pdf', mime: 'application/pdf', size: 1, createdAt: intake.at, syncState: 'acknowledged' });
    const marker = (collection: string) => ({ id: `moved:d1:X01`, dossierId: 'd1', unitCode: 'X01', movedTo: 'X02', updatedAt: '2026-11-30T10:00:00Z', _deleted: true, collection });
    const { bridge } = scripted((c) => ({ documents: [marker(c)], checkpoint: { seq: 9 } }));
    for (const collection of ['events', 'files'] as const) {
      const pull = pullHandlerCreate({ db, repo, cipher, bridge, backoff: backoffCreate(), collection });
      const answer = await pull({ seq: 3 }, 50);
      // The marker itself is not stored: RxDB gets no document and the new checkpoint.
      expect(answer).toEqual({ documents: [], checkpoint: { seq: 9 } });
    }
    expect((await db.events.find().exec()).map((e) => [e.id, e.syncState, e.syncReason])).toEqual([[late.id, 'rejected', 'dossier-moved: hồ sơ X01-261130-0001 đã chuyển sang đơn vị X02']]);
    expect(await db.files.count().exec()).toBe(0);
    await repo.rebuild(['d1']);
    expect(await repo.get('d1')).toBeNull();
    expect((await quarantineList(db)).map((r) => [r.id, r.code])).toEqual([[late.id, 'dossier-moved']]);
    // Nothing of it goes out: the push handler skips the quarantined and the removed.
    const { bridge: quiet, calls } = scripted(() => ({ documents: [], checkpoint: null }));
    const push = pushHandlerCreate({ cipher, bridge: quiet, backoff: backoffCreate(), marks: syncMarkerCreate(db), collection: 'events' });
    const rows = [{ newDocumentState: { ...((await db.events.findOne(late.id).exec())?.toJSON() as Doc) } }, { newDocumentState: { id: intake.id, dossierId: 'd1', _deleted: true } }];
    expect(await push(rows as never)).toEqual([]);
    expect(calls.pushes).toEqual([]);
    await db.remove();
  });

  it('keeps the copies under the new unit for a supervisor of both units', async () => {
    const { db, repo, cipher } = await open();
    const intake = received('d2', 'X01-261130-0002');
    await repo.append(intake);
    const moved = { ...intake, unitCode: 'X02', updatedAt: intake.at, pos: 1, acceptedAt: '2026-11-30T01:15:01Z', _deleted: false };
    const marker = { id: 'moved:d2:X01', dossierId: 'd2', unitCode: 'X01', movedTo: 'X02', updatedAt: '2026-11-30T10:00:00Z', _deleted: true };
    const { bridge } = scripted(() => ({ documents: [moved, marker], checkpoint: { seq: 12 } }));
    const pull = pullHandlerCreate({ db, repo, cipher, bridge, backoff: backoffCreate(), collection: 'events' });
    const answer = await pull(undefined, 50);
    expect(answer.documents.map((d) => [d.id, d.unitCode])).toEqual([[intake.id, 'X02']]);
    expect((await db.events.findOne(intake.id).exec())?.toJSON()).toMatchObject({ unitCode: 'X02', pos: 1, syncState: 'acknowledged' });
    await db.remove();
  });

  it('writes the server’s copy over a local event still waiting for its answer: acknowledged, placed', async () => {
    const { db, repo, cipher } = await open();
    const intake = received('d3', 'X01-261130-0003');
    await repo.append(intake);
    await syncMarkerCreate(db).mark('events', [intake.id], 'sent');
    const served = { ...intake, unitCode: 'X01', updatedAt: intake.at, pos: 1, acceptedAt: '2026-11-30T01:15:02Z', _deleted: false };
    const { bridge } = scripted(() => ({ documents: [served], checkpoint: { seq: 1 } }));
    const pull = pullHandlerCreate({ db, repo, cipher, bridge, backoff: backoffCreate(), collection: 'events' });
    const answer = await pull(undefined, 50);
    // Sealed again with this workstation's key on the way in, as everything pulled.
    expect(JSON.stringify(answer.documents)).not.toContain('001190012345');
    expect((await db.events.findOne(intake.id).exec())?.toJSON()).toMatchObject({ pos: 1, acceptedAt: '2026-11-30T01:15:02Z', syncState: 'acknowledged' });
    expect((await repo.personal('d3'))?.idNumber).toBe('001190012345');
    await db.remove();
  });

  it('pulls again from the start when the server was restored from a backup (checkpoint ahead), after offering its own events again', async () => {
    const { db, repo, cipher } = await open();
    let restored = 0;
    const { bridge, calls } = scripted((_c, cp) => {
      if (cp && cp.seq > 5) throw new AppError('conflict', 'checkpoint 40 is ahead of the server (5)', { reason: 'checkpoint-ahead', serverSeq: 5, status: 409 });
      return { documents: [], checkpoint: { seq: 5 } };
    });
    const pull = pullHandlerCreate({ db, repo, cipher, bridge, backoff: backoffCreate(), collection: 'events', onServerRestored: () => Promise.resolve(void restored++) });
    expect(await pull({ seq: 40 }, 50)).toEqual({ documents: [], checkpoint: { seq: 5 } });
    expect(calls.pulls).toEqual([{ seq: 40 }, null]);
    expect(restored).toBe(1);
    await db.remove();
  });
});

describe('push handler', () => {
  it('sends only waiting events, quarantines the refused ones with code and reason, acknowledges the rest', async () => {
    const { db, repo, cipher } = await open();
    const a = received('d4', 'X01-261130-0004');
    const b = received('d5', 'X01-261130-0005');
    await repo.append(a);
    await repo.append(b);
    const { bridge, calls } = scripted(
      () => ({ documents: [], checkpoint: null }),
      (_c, rows) => ({ conflicts: [], rejected: [{ index: rows.findIndex((r) => r.newDocumentState.id === b.id), id: b.id, code: 'code-block', reason: 'số 0005 thuộc dải của máy khác' }] }),
    );
    const push = pushHandlerCreate({ cipher, bridge, backoff: backoffCreate(), marks: syncMarkerCreate(db), collection: 'events' });
    const rows = (await db.events.find().exec()).map((d) => ({ newDocumentState: d.toJSON() as Doc }));
    const settledRow = { newDocumentState: { ...rows[0]!.newDocumentState, id: 'already', syncState: 'acknowledged' } };
    const removed = { newDocumentState: { ...rows[0]!.newDocumentState, id: 'removed', _deleted: true } };
    expect(await push([...rows, settledRow, removed] as never)).toEqual([]);
    // One request with the two waiting events, personal data open, no local or server fields.
    expect(calls.pushes).toHaveLength(1);
    const sent = calls.pushes[0]!;
    expect(sent.map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    expect(sent.every((d) => !('syncState' in d) && !('pos' in d) && d.updatedAt === d.at && d._deleted === false)).toBe(true);
    expect(JSON.stringify(sent)).toContain('001190012345');
    expect((await db.events.findOne(a.id).exec())?.syncState).toBe('acknowledged');
    expect((await db.events.findOne(b.id).exec())?.toJSON()).toMatchObject({ syncState: 'rejected', syncReason: 'code-block: số 0005 thuộc dải của máy khác' });
    await repo.rebuild(['d4', 'd5']);
    expect(await repo.get('d5')).toMatchObject({ syncState: 'rejected' });
    const list = await quarantineList(db);
    expect(list).toEqual([expect.objectContaining({ collection: 'events', id: b.id, dossierCode: 'X01-261130-0005', eventType: 'received', code: 'code-block', reason: 'số 0005 thuộc dải của máy khác' })]);
    // Pushed again (RxDB re-runs after a restart): nothing goes out for settled records.
    const again = (await db.events.find().exec()).map((d) => ({ newDocumentState: d.toJSON() as Doc }));
    expect(await push(again as never)).toEqual([]);
    expect(calls.pushes).toHaveLength(1);
    await db.remove();
  });

  it('quarantines without a round trip what the server could not store (a NUL in a text)', async () => {
    const { db, repo, cipher } = await open();
    const intake = received('d6', 'X01-261130-0006');
    const bad: DossierEvent = intake.type === 'received' ? { ...intake, payload: { ...intake.payload, applicant: { ...intake.payload.applicant, name: 'Vũ\u0000Khôi' } } } : intake;
    await repo.append(bad);
    const { bridge, calls } = scripted(() => ({ documents: [], checkpoint: null }));
    const push = pushHandlerCreate({ cipher, bridge, backoff: backoffCreate(), marks: syncMarkerCreate(db), collection: 'events' });
    await push((await db.events.find().exec()).map((d) => ({ newDocumentState: d.toJSON() as Doc })) as never);
    expect(calls.pushes).toEqual([]);
    expect((await db.events.findOne(bad.id).exec())?.toJSON()).toMatchObject({ syncState: 'rejected', syncReason: expect.stringMatching(/^bad-text: payload\.applicant\.name: /) });
    await db.remove();
  });
});
