import { AppError } from '../../shared/contract/errors.js';

// Chromium answers a corrupt IndexedDB backing store (a torn write, a bad disk block) by deleting
// it and starting an empty one. The only trace is `dataLoss: 'total'` on the first
// `upgradeneeded` event after that. Unnoticed, the app would open an empty database and look like
// a fresh workstation with every dossier silently gone. So a small marker database is opened
// before RxDB, to be the one that receives the report; the loss is written into it, and every later
// start (and every "try again") shows the recovery screen until a backup is restored or the unit's
// dossiers are pulled again from the server.

export interface StorageLoss {
  at: string;
  message: string;
}

const store = 'marks';
const lostKey = 'lost';

export const lossDatabaseName = (name: string): string => `${name}--integrity`;

function markerOpen(idb: IDBFactory, name: string, now: () => Date): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(lossDatabaseName(name), 1);
    req.onupgradeneeded = (event) => {
      const db = req.result;
      if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
      // dataLoss / dataLossMessage exist in Chromium only (not in the DOM typings or fake-indexeddb).
      const report = event as IDBVersionChangeEvent & { dataLoss?: string; dataLossMessage?: string };
      if (report.dataLoss && report.dataLoss !== 'none') {
        const loss: StorageLoss = { at: now().toISOString(), message: report.dataLossMessage || `IndexedDB data loss: ${report.dataLoss}` };
        req.transaction?.objectStore(store).put(loss, lostKey);
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB open blocked'));
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The recorded loss of this database's storage, if the browser reported one (now or on an earlier start). */
export async function storageLossRead(idb: IDBFactory, name: string, now: () => Date = () => new Date()): Promise<StorageLoss | null> {
  let db: IDBDatabase;
  try {
    db = await markerOpen(idb, name, now);
  } catch (err) {
    // The storage cannot even be opened (e.g. "Internal error opening backing store").
    throw new AppError('db-lost', `Không mở được cơ sở dữ liệu trên máy: ${err instanceof Error ? err.message : String(err)}`, { name });
  }
  try {
    const loss = await request(db.transaction(store, 'readonly').objectStore(store).get(lostKey));
    return (loss as StorageLoss | undefined) ?? null;
  } finally {
    db.close();
  }
}

/** Throws `db-lost` when the browser has thrown this database away; the recovery screen offers the way back. */
export async function storageLossCheck(idb: IDBFactory, name: string, now?: () => Date): Promise<void> {
  const loss = await storageLossRead(idb, name, now);
  if (loss) {
    throw new AppError('db-lost', 'Cơ sở dữ liệu hồ sơ trên máy bị hỏng và trình duyệt đã xoá nó. Hãy khôi phục bản sao lưu hoặc tải lại từ máy chủ.', { ...loss });
  }
}

/** After a restore or a re-pull: the database is whole again. */
export async function storageLossClear(idb: IDBFactory, name: string): Promise<void> {
  const db = await markerOpen(idb, name, () => new Date());
  try {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).delete(lostKey);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    });
  } finally {
    db.close();
  }
}
