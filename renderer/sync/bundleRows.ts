import { bundleCollections, bundleRowDecide, type BundleCollection, type BundleRows } from '../../shared/sync/bundle.js';
import type { RxDocument } from 'rxdb';
import { unsyncedFind, type Database, type DossierDoc, type EventDoc, type FileDoc } from '../db/database.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import { docFromServer, docToServer, type Doc } from './wire.js';

// Rows of a sync bundle (USB stick, no network), on the workstation side. A bundle carries rows
// in the server's form (docs/spec/sync.md): personal data open inside the bundle's encryption,
// sealed again on arrival with the receiving workstation's key, exactly as a pull does. The
// merge rule is the format's (bundleRowDecide), so a second import changes nothing.

export interface BundleCollect {
  rows: BundleRows;
  blobHashes: string[];
  dossiers: number;
}

/**
 * The dossiers the server has not acknowledged (or every dossier when `all`), each with all its
 * events and file records: a receiver never gets half a dossier.
 */
export async function bundleRowsCollect(db: Database, cipher: PersonalCipher, options: { all: boolean }): Promise<BundleCollect> {
  let dossiers: RxDocument<DossierDoc>[];
  let events: RxDocument<EventDoc>[];
  let files: RxDocument<FileDoc>[];
  if (options.all) {
    [dossiers, events, files] = await Promise.all([db.dossiers.find().exec(), db.events.find().exec(), db.files.find().exec()]);
  } else {
    // A dossier goes when it, one of its events or one of its file records is not acknowledged;
    // found through the syncState index, then each such dossier read whole by its own indexes.
    const [d, e, f] = await Promise.all([unsyncedFind(db.dossiers), unsyncedFind(db.events), unsyncedFind(db.files)]);
    const ids = [...new Set([...d.map((x) => x.id), ...e.map((x) => x.dossierId), ...f.map((x) => x.dossierId)])];
    dossiers = [...(await db.dossiers.findByIds(ids).exec()).values()];
    const perDossier = await Promise.all(
      ids.map(async (dossierId) => [await db.events.find({ selector: { dossierId }, sort: [{ dossierId: 'asc' }, { seq: 'asc' }] }).exec(), await db.files.find({ selector: { dossierId } }).exec()] as const),
    );
    events = perDossier.flatMap(([ev]) => ev);
    files = perDossier.flatMap(([, fi]) => fi);
  }
  const wire = (collection: BundleCollection, docs: { toJSON(): unknown }[]) =>
    Promise.all(docs.map((d) => docToServer(collection, d.toJSON() as Doc, cipher))) as Promise<BundleRows[BundleCollection]>;
  const rows: BundleRows = { dossiers: await wire('dossiers', dossiers), events: await wire('events', events), files: await wire('files', files) };
  return { rows, blobHashes: [...new Set(files.map((f) => f.sha256))], dossiers: dossiers.length };
}

export interface BundleApplied {
  inserted: number;
  replaced: number;
  unchanged: number;
  /** Same key, different content, neither later: kept as stored and listed for the supervisor. */
  conflicts: string[];
}

/** Merges an imported bundle's rows into the workstation database. */
export async function bundleRowsApply(db: Database, cipher: PersonalCipher, rows: BundleRows): Promise<BundleApplied> {
  const applied: BundleApplied = { inserted: 0, replaced: 0, unchanged: 0, conflicts: [] };
  for (const collection of bundleCollections) {
    const incoming = rows[collection];
    const stored = await db[collection].findByIds(incoming.map((r) => r.id)).exec();
    const writes: Doc[] = [];
    const removals: string[] = [];
    for (const row of incoming) {
      const current = stored.get(row.id);
      const decision = bundleRowDecide(collection, current ? await docToServer(collection, current.toJSON() as Doc, cipher) : undefined, row);
      if (decision === 'insert' || decision === 'replace') {
        if (row._deleted === true) {
          if (current) removals.push(row.id);
          continue;
        }
        const { _deleted: _tombstone, ...doc } = await docFromServer(collection, row, cipher);
        writes.push(doc);
        applied[decision === 'insert' ? 'inserted' : 'replaced'] += 1;
      } else if (decision === 'conflict') applied.conflicts.push(`${collection}/${row.id}`);
      else applied.unchanged += 1;
    }
    if (writes.length > 0) {
      const result = await (db[collection] as unknown as { bulkUpsert(docs: Doc[]): Promise<{ error: unknown[] }> }).bulkUpsert(writes);
      if (result.error.length > 0) throw new Error(`Không ghi được ${result.error.length} bản ghi ${collection} từ gói`);
    }
    if (removals.length > 0) await db[collection].bulkRemove(removals);
  }
  return applied;
}
