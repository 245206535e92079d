import { runningStatuses } from '../../renderer/db/worklists.js';
import { vnIsoFormat } from '../../shared/domain/time/vnTime.js';
import { timeRuns, type Figures } from './stats.js';

// The floor under RxDB: the overdue list read straight from the IndexedDB index RxDB's Dexie storage
// keeps ([_deleted+status+dueAt+id], `_deleted` stored as '0'/'1'), once with getAll and once with a
// cursor, which is what RxDB's Dexie storage walks. The difference to the worklist row is RxDB's own cost.

function idbOpen(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function ranges(now: number): IDBKeyRange[] {
  const upper = vnIsoFormat(now);
  return runningStatuses.map((s) => IDBKeyRange.bound(['0', s], ['0', s, upper], false, true));
}

function getAll(index: IDBIndex, range: IDBKeyRange, limit: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const req = index.getAll(range, limit);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function cursorRead(index: IDBIndex, range: IDBKeyRange, limit: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const rows: unknown[] = [];
    const req = index.openCursor(range);
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor || rows.length === limit) return resolve(rows);
      rows.push(cursor.value);
      cursor.continue();
    };
    req.onerror = () => reject(req.error);
  });
}

export async function floorMeasure(dbName: string, runs: number, now: number): Promise<Figures[]> {
  const idb = await idbOpen(`rxdb-dexie-${dbName}--1--dossiers`);
  const index = (): IDBIndex => idb.transaction('docs', 'readonly').objectStore('docs').index('[_deleted+status+dueAt+id]');
  const rs = ranges(now);
  const rows = (await Promise.all(rs.map((r) => getAll(index(), r, 50)))).flat().length;
  const out = [
    await timeRuns('floor: overdue as raw IndexedDB getAll (3 × ≤50)', runs, () => Promise.all(rs.map((r) => getAll(index(), r, 50))), { note: `${rows} rows before merge` }),
    await timeRuns('floor: overdue as raw IndexedDB cursor (3 × ≤50)', runs, () => Promise.all(rs.map((r) => cursorRead(index(), r, 50)))),
  ];
  idb.close();
  return out;
}
