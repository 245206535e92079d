import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.js';
import { migrateUp } from '../db/migrate.js';
import { testDbEngines } from '../db/testDb.js';
import { syncPull, syncPush } from './syncStore.js';

// The replication rules at the store boundary, against a real database.

// One database per engine (PGlite takes seconds to start on a busy machine); each test works
// in its own unit so that tests stay independent.
let unitNo = 0;

const at = '2026-11-30T08:00:00.000+07:00';
const seqOf = async (db: Db, id: string) =>
  Number((await db.query<{ seq: string | number }>('SELECT seq FROM sync_docs WHERE id = $1', [id]))[0]?.seq);

describe.each(testDbEngines())('sync store ($name)', (engine) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let unit = 'U0';
  const dossier = (id: string, extra: Record<string, unknown> = {}) => ({ id: `${unit}-${id}`, unitCode: unit, updatedAt: at, _deleted: false, ...extra });
  beforeAll(async () => {
    ({ db, cleanup } = await engine.open());
    await migrateUp(db);
  }, 300_000);
  afterAll(async () => cleanup(), 120_000);
  const freshDb = async (): Promise<Db> => {
    unitNo += 1;
    unit = `U${unitNo}`;
    return db;
  };
  it('pulls in seq order from a checkpoint and pages by limit', async () => {
    const db = await freshDb();
    await syncPush(db, 'dossiers', [unit], ['a', 'b', 'c'].map((id) => ({ newDocumentState: dossier(id) })));
    const first = await syncPull(db, 'dossiers', [unit], null, 2);
    expect(first.documents.map((d) => d.id)).toEqual([`${unit}-a`, `${unit}-b`]);
    const second = await syncPull(db, 'dossiers', [unit], first.checkpoint, 2);
    expect(second.documents.map((d) => d.id)).toEqual([`${unit}-c`]);
    const empty = await syncPull(db, 'dossiers', [unit], second.checkpoint, 2);
    expect(empty).toEqual({ documents: [], checkpoint: second.checkpoint });
  });

  it('a push repeated after a lost answer changes nothing and takes no new seq', async () => {
    const db = await freshDb();
    const v1 = dossier('a');
    await syncPush(db, 'dossiers', [unit], [{ newDocumentState: v1 }]);
    const v2 = { ...v1, code: 'X', _meta: { lwt: 1 }, _rev: '2-x' };
    const once = await syncPush(db, 'dossiers', [unit], [{ newDocumentState: v2, assumedMasterState: v1 }]);
    const seq = await seqOf(db, v1.id);
    const again = await syncPush(db, 'dossiers', [unit], [{ newDocumentState: v2, assumedMasterState: v1 }]);
    expect(once).toMatchObject({ conflicts: [], written: 1 });
    expect(again).toMatchObject({ conflicts: [], written: 0 });
    expect(await seqOf(db, v1.id)).toBe(seq);
    const [stored] = await db.query<{ doc: Record<string, unknown> }>('SELECT doc FROM sync_docs WHERE id = $1', [v1.id]);
    expect(stored?.doc).toEqual({ ...v1, code: 'X' });
  });

  it('returns the master state as a conflict when the assumed state is stale', async () => {
    const db = await freshDb();
    const v1 = dossier('a');
    const fromPc1 = { ...v1, code: 'one' };
    await syncPush(db, 'dossiers', [unit], [{ newDocumentState: v1 }]);
    await syncPush(db, 'dossiers', [unit], [{ newDocumentState: fromPc1, assumedMasterState: v1 }]);
    const late = await syncPush(db, 'dossiers', [unit], [{ newDocumentState: { ...v1, code: 'two' }, assumedMasterState: v1 }]);
    expect(late.conflicts).toEqual([fromPc1]);
    const blind = await syncPush(db, 'dossiers', [unit], [{ newDocumentState: { ...v1, code: 'three' } }]);
    expect(blind.conflicts).toEqual([fromPc1]);
  });

  it('keeps events immutable and deletions as tombstones', async () => {
    const db = await freshDb();
    const event = { id: `${unit}-e1`, unitCode: unit, updatedAt: at, _deleted: false, dossierId: 'a', type: 'received' };
    await syncPush(db, 'events', [unit], [{ newDocumentState: event }]);
    const changed = await syncPush(db, 'events', [unit], [{ newDocumentState: { ...event, type: 'returned' }, assumedMasterState: event }]);
    expect(changed.conflicts).toEqual([event]);
    const v1 = dossier('a');
    await syncPush(db, 'dossiers', [unit], [{ newDocumentState: v1 }]);
    await syncPush(db, 'dossiers', [unit], [{ newDocumentState: { ...v1, _deleted: true }, assumedMasterState: v1 }]);
    const pulled = await syncPull(db, 'dossiers', [unit], null, 10);
    expect(pulled.documents).toEqual([{ ...v1, _deleted: true }]);
  });

  it('rejects invalid rows with a reason and writes the valid ones', async () => {
    const db = await freshDb();
    const result = await syncPush(db, 'dossiers', [unit], [
      { newDocumentState: dossier('good') },
      { newDocumentState: { id: 'bad', unitCode: unit, _deleted: false } },
      { newDocumentState: 'not a document' },
      { newDocumentState: dossier('huge', { blob: 'x'.repeat(300 * 1024) }) },
    ]);
    expect(result.written).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.id])).toEqual([[1, 'bad'], [2, null], [3, `${unit}-huge`]]);
    expect(result.rejected[0]?.reason).toMatch(/updatedAt/);
  });
});
