import type { RxCollection } from 'rxdb';
import type { Database } from '../../db/database.js';

// The renderer half of a backup: every collection of the workstation database as plain JSON
// (without RxDB's revision metadata), and the reverse, which empties each collection first so
// that a restore gives exactly the backed-up documents.

export const dumpFormat = 'motcua-db-dump';
export const dumpCollections = ['dossiers', 'events', 'files', 'rulepacks', 'workstation'] as const;
type CollectionName = (typeof dumpCollections)[number];

export interface DatabaseDump {
  format: typeof dumpFormat;
  version: 1;
  createdAt: string;
  collections: Record<CollectionName, Record<string, unknown>[]>;
}

export async function databaseDump(db: Database, now: () => Date = () => new Date()): Promise<DatabaseDump> {
  const collections = {} as DatabaseDump['collections'];
  for (const name of dumpCollections) {
    const docs = await db.collections[name].find().exec();
    collections[name] = docs.map((d) => d.toJSON(false) as Record<string, unknown>);
  }
  return { format: dumpFormat, version: 1, createdAt: now().toISOString(), collections };
}

export function databaseDumpCheck(dump: unknown): DatabaseDump {
  const d = dump as Partial<DatabaseDump> | null;
  if (!d || d.format !== dumpFormat || d.version !== 1 || typeof d.collections !== 'object' || d.collections === null) {
    throw new Error('Bản kết xuất cơ sở dữ liệu không đúng định dạng');
  }
  for (const name of dumpCollections) {
    if (!Array.isArray(d.collections[name])) throw new Error(`Bản kết xuất thiếu bảng ${name}`);
  }
  return d as DatabaseDump;
}

/** Replaces the content of every collection with the dump; returns the number of documents per collection. */
export async function databaseRestore(db: Database, dump: unknown): Promise<Record<CollectionName, number>> {
  const checked = databaseDumpCheck(dump);
  const counts = {} as Record<CollectionName, number>;
  for (const name of dumpCollections) {
    const collection = db.collections[name] as unknown as RxCollection<Record<string, unknown>>;
    await collection.find().remove();
    const docs = checked.collections[name];
    for (let i = 0; i < docs.length; i += 1000) {
      const result = await collection.bulkInsert(docs.slice(i, i + 1000));
      if (result.error.length > 0) throw new Error(`Không nhập lại được ${result.error.length} bản ghi vào ${name}`);
    }
    counts[name] = docs.length;
  }
  return counts;
}
