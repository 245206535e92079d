import { getSortComparator, type PreparedQuery, type RxDocumentData, type RxStorage, type RxStorageInstanceCreationParams } from 'rxdb';
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan, type RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';

// RxDB's Dexie storage answers every query with an IndexedDB cursor: one round trip into the
// browser's IndexedDB backend per row. When the index range alone decides which rows match (the
// worklists, the search by name or code), one request on the same index returns the same rows:
// `getAll(range, limit)` when the index order is the sort order; `getAllRecords` walking backwards
// when the sort is the index order reversed (newest first); else the whole range (what the cursor
// reads too) sorted here. About a tenth of the time at 100,000 dossiers (bench/README.md). Every
// other query, count and write is Dexie's own.

/** `IDBIndex.getAllRecords` (Chromium 141+, not yet in TypeScript's DOM types). */
type RecordsIndex = IDBIndex & {
  getAllRecords?: (options: { query: IDBKeyRange; count?: number; direction: IDBCursorDirection }) => IDBRequest<{ value: unknown }[]>;
};

/** Whether the index range is the whole answer: no matcher, no skip. */
export function getAllAnswers<T>(query: PreparedQuery<T>): boolean {
  return query.queryPlan.selectorSatisfiedByIndex && !query.query.skip;
}

/**
 * Whether the sort is the index order read backwards: every sort field descending, and the sort
 * fields are the index fields after those the range pins to one value (`_deleted`, a status).
 */
export function sortIsIndexReversed<T>(query: PreparedQuery<T>): boolean {
  const { index, startKeys, endKeys } = query.queryPlan;
  const sort = query.query.sort.map((part) => Object.entries(part)[0] ?? ['', 'asc']);
  if (!sort.every(([, direction]) => direction === 'desc')) return false;
  let pinned = 0;
  while (pinned < index.length && startKeys[pinned] === endKeys[pinned]) pinned++;
  const rest = index.slice(pinned);
  return rest.length === sort.length && rest.every((field, i) => field === sort[i]?.[0]);
}

function requestDone<R>(req: IDBRequest<R>): Promise<R> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The last `count` rows of the range, last first. */
async function readBackwards(index: RecordsIndex, range: IDBKeyRange, count: number | undefined): Promise<unknown[]> {
  if (index.getAllRecords) return (await requestDone(index.getAllRecords({ query: range, count, direction: 'prev' }))).map((r) => r.value);
  const rows: unknown[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = index.openCursor(range, 'prev');
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor || rows.length === count) return resolve();
      rows.push(cursor.value);
      cursor.continue();
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB cursor failed'));
  });
  return rows;
}

async function getAllQuery<T>(instance: RxStorageInstanceDexie<T>, query: PreparedQuery<T>): Promise<RxDocumentData<T>[]> {
  const state = await instance.internals;
  const plan = query.queryPlan;
  let range: IDBKeyRange;
  try {
    range = getKeyRangeByQueryPlan(state.booleanIndexes, plan, state.dexieDb._options.IDBKeyRange as typeof IDBKeyRange | undefined);
  } catch (err) {
    // The same answer Dexie's query gives for a range IndexedDB cannot express (lower above upper).
    if ((err as { name?: string }).name === 'DataError') return [];
    throw err;
  }
  const indexName = `[${plan.index.map(dexieReplaceIfStartsWithPipe).join('+')}]`;
  const limit = typeof query.query.limit === 'number' ? query.query.limit : undefined;
  const backwards = !plan.sortSatisfiedByIndex && sortIsIndexReversed(query);
  const inOrder = plan.sortSatisfiedByIndex || backwards;
  let rows: unknown[] = [];
  await state.dexieDb.transaction('r', state.dexieTable, async (tx) => {
    const index: RecordsIndex = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName);
    if (backwards) rows = await readBackwards(index, range, limit);
    else rows = await requestDone(index.getAll(range, inOrder ? limit : undefined));
  });
  const docs = rows.map((row) => fromDexieToStorage<T>(state.booleanIndexes, row));
  if (inOrder) return docs;
  docs.sort(getSortComparator(instance.schema, query.query));
  return limit === undefined ? docs : docs.slice(0, limit);
}

/** Wraps a Dexie storage so that queries answered by an index range alone are read with `getAll`. */
export function getAllStorage<Internals, Options>(inner: RxStorage<Internals, Options>): RxStorage<Internals, Options> {
  return {
    name: inner.name,
    rxdbVersion: inner.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, Options>) {
      const instance = await inner.createStorageInstance(params);
      const dexieQuery = instance.query.bind(instance);
      instance.query = async (query) => {
        if (!getAllAnswers(query)) return dexieQuery(query);
        return { documents: await getAllQuery(instance as unknown as RxStorageInstanceDexie<RxDocType>, query) };
      };
      return instance;
    },
  };
}
