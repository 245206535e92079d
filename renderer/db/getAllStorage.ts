import { getSortComparator, type PreparedQuery, type RxDocumentData, type RxStorage, type RxStorageInstanceCreationParams } from 'rxdb';
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan, type RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';

// RxDB's Dexie storage answers every query with an IndexedDB cursor: one round trip into the
// browser's IndexedDB backend per row. When the index range alone decides which rows match (the
// worklists, the search by name or code), one `getAll` on the same index returns the same rows in
// one round trip: with the limit when the index order is also the sort order, else the whole range
// (what the cursor reads too) sorted here. About a tenth of the time at 100,000 dossiers
// (bench/README.md). Every other query, count and write is Dexie's own.

/** Whether the index range is the whole answer: no matcher, no skip. */
export function getAllAnswers<T>(query: PreparedQuery<T>): boolean {
  return query.queryPlan.selectorSatisfiedByIndex && !query.query.skip;
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
  const count = plan.sortSatisfiedByIndex ? limit : undefined;
  let rows: unknown[] = [];
  await state.dexieDb.transaction('r', state.dexieTable, async (tx) => {
    const index = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName);
    rows = await new Promise<unknown[]>((resolve, reject) => {
      const req = index.getAll(range, count);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB getAll failed'));
    });
  });
  const docs = rows.map((row) => fromDexieToStorage<T>(state.booleanIndexes, row));
  if (plan.sortSatisfiedByIndex) return docs;
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
