import 'fake-indexeddb/auto';
import fc from 'fast-check';
import type { MangoQuery, PreparedQuery } from 'rxdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, vnIsoFormat } from '../../shared/domain/time/vnTime.js';
import { databaseOpen, type Database, type DossierDoc } from './database.js';
import { getAllAnswers, sortIsIndexReversed } from './getAllStorage.js';
import { worklistIds, worklistParts } from './worklists.js';

// The getAll path must give exactly what Dexie's cursor gives. The oracle is the same query with
// one more condition that holds for every row but is not in the index (`lastSeq >= 0`): RxDB then
// needs its matcher, so Dexie's cursor reads it.

const now = Date.parse('2026-11-30T10:00:00+07:00');
const statuses = ['received', 'in-process', 'awaiting-payment', 'supplement-requested', 'result-ready', 'returned'];
const names = ['nguyen van an', 'nguyen van anh', 'nguyen thi', 'tran', 'le minh', 'ngo'];

const docArb = fc.record({
  status: fc.constantFrom(...statuses),
  // Few distinct due hours: ties in the index are broken by id, as in the cursor.
  dueHour: fc.integer({ min: -72, max: 72 }).map((h) => h - (h % 6)),
  receivedHour: fc.integer({ min: -48, max: 24 }).map((h) => h - (h % 3)),
  name: fc.constantFrom(...names),
  removed: fc.boolean(),
});

type Query = MangoQuery<DossierDoc>;

function preparedOf(db: Database, q: Query): PreparedQuery<DossierDoc> {
  return (db.dossiers.find(q) as unknown as { getPreparedQuery(): PreparedQuery<DossierDoc> }).getPreparedQuery();
}

describe('getAllStorage', () => {
  let db: Database;
  beforeAll(async () => {
    db = await databaseOpen({ name: `getall-${crypto.randomUUID()}` });
  });
  afterAll(async () => {
    await db.remove();
  });

  async function agreesWithCursor(): Promise<void> {
    await fc.assert(
      fc.asyncProperty(fc.array(docArb, { minLength: 20, maxLength: 150, size: 'max' }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: -2, max: 2 }), async (rows, limit, dayShift) => {
        await db.dossiers.find().remove();
        const docs: DossierDoc[] = rows.map((r, i) => ({
          id: `d${String(i).padStart(3, '0')}`, code: `H29.01-2611${String(10 + (i % 20))}-${String(i).padStart(4, '0')}`, unitCode: 'H29.01', procedureCode: 'HT-01',
          applicantNameSearch: r.name, status: r.status, receivedAt: vnIsoFormat(now + r.receivedHour * 3_600_000),
          dueAt: vnIsoFormat(now + r.dueHour * 3_600_000), lastSeq: 1, updatedAt: vnIsoFormat(now), syncState: 'local',
        }));
        await db.dossiers.bulkInsert(docs);
        await db.dossiers.findByIds(rows.flatMap((r, i) => (r.removed ? [docs[i]!.id] : []))).remove();
        const at = now + dayShift * DAY_MS;
        const queries: Query[] = [
          // received-today is sorted newest first: read whole, sorted here.
          ...worklistIds.flatMap((id) => worklistParts(id, at)).map((p) => ({ ...p, limit })),
          { selector: { status: 'returned' }, sort: [{ status: 'asc' as const }, { dueAt: 'asc' as const }] } as Query,
          ...['nguyen van', 'nguyen', 'tran', 'x'].map((key) => ({ selector: { applicantNameSearch: { $gte: key, $lt: `${key}\uffff` } }, sort: [{ applicantNameSearch: 'asc' as const }], limit })),
          { selector: { code: { $gte: 'H29.01-261115', $lt: 'H29.01-261115\uffff' } }, sort: [{ code: 'asc' as const }], limit },
        ];
        for (const q of queries) {
          expect(getAllAnswers(preparedOf(db, q))).toBe(true);
          const fast = (await db.dossiers.find(q).exec()).map((d) => d.id);
          const byCursor = { ...q, selector: { ...q.selector, lastSeq: { $gte: 0 } } };
          expect(getAllAnswers(preparedOf(db, byCursor))).toBe(false);
          const cursor = (await db.dossiers.find(byCursor).exec()).map((d) => d.id);
          expect(fast).toEqual(cursor);
        }
      }),
      { numRuns: 25 },
    );
  }

  it('answers index-exact queries (worklists, name and code prefix) as the Dexie cursor does, deleted rows left out', async () => {
    expect(sortIsIndexReversed(preparedOf(db, { ...worklistParts('received-today', now)[0]!, limit: 50 }))).toBe(true);
    await agreesWithCursor();
  });

  it('reads newest-first lists with a backwards cursor where getAllRecords is missing (older Chromium)', async () => {
    const indexProto = globalThis.IDBIndex.prototype as { getAllRecords?: unknown };
    const saved = indexProto.getAllRecords;
    expect(typeof saved).toBe('function');
    delete indexProto.getAllRecords;
    try {
      await agreesWithCursor();
    } finally {
      indexProto.getAllRecords = saved;
    }
  });

  it('leaves queries the index cannot answer alone to Dexie', () => {
    const unsorted = preparedOf(db, { selector: { status: 'received', applicantNameSearch: { $regex: '^ng' } }, limit: 5 });
    expect(getAllAnswers(unsorted)).toBe(false);
    const skipped = preparedOf(db, { selector: { status: 'received' }, sort: [{ status: 'asc' }, { dueAt: 'asc' }], skip: 5, limit: 5 });
    expect(getAllAnswers(skipped)).toBe(false);
  });
});
