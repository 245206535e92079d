import { databaseName, databaseOpen } from '../../db/database.js';
import { lossDatabaseName, storageLossClear } from '../../db/storageLoss.js';
import { databaseRestore } from './dbDump.js';

// The two ways back from a database that cannot be used. Both end by clearing the loss mark
// (renderer/db/storageLoss.ts), and only once the database is whole again: a restore that fails
// half-way leaves the recovery screen in place rather than an app that looks empty.

/** Imports a verified backup's dump into a fresh database, then marks the database whole. */
export async function recoveryRestore(dump: unknown): Promise<Record<string, number>> {
  const db = await databaseOpen({ lossAccepted: true });
  try {
    const counts = await databaseRestore(db, dump);
    await storageLossClear(indexedDB, databaseName);
    return counts;
  } finally {
    // The counter session opens its own instance afterwards.
    await db.close();
  }
}

/** Drops every store of the workstation database (and its sync checkpoints); replication pulls the unit's dossiers again. */
export async function recoveryRepullPrepare(): Promise<void> {
  const names = (await indexedDB.databases()).map((d) => d.name ?? '');
  const prefix = `rxdb-dexie-${databaseName}--`;
  for (const name of names) {
    if (!name.startsWith(prefix) || name === lossDatabaseName(databaseName)) continue;
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`));
      req.onblocked = () => reject(new Error(`${name} is still open; restart the app and try again`));
    });
  }
  await storageLossClear(indexedDB, databaseName);
}
