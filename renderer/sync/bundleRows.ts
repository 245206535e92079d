import type { RxDocument } from 'rxdb';
import { bundleCollections, bundleRowDecide, type BundleRows } from '../../shared/sync/bundle.js';
import { unsyncedFind, type Database, type EventDoc, type FileDoc } from '../db/database.js';
import type { DossierRepo } from '../db/dossierRepo.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import { docFromServer, docToBundle, type Doc } from './wire.js';

// Rows of a sync bundle (USB stick, no network), on the workstation side. A bundle carries what
// a push carries (docs/spec/bundle.md): events keyed by their own id and file records, personal
// data open inside the bundle's encryption, sealed again on arrival with the receiving
// workstation's key, exactly as a pull does; an event's server position travels with it when
// known. Dossiers are rebuilt from the events on arrival. A row is new, the same as the stored
// one, or refused (bundleRowDecide), so a second import changes nothing.

export interface BundleCollect {
  rows: BundleRows;
  blobHashes: string[];
  dossiers: number;
}

/**
 * The dossiers with records the server has not acknowledged (or every dossier when `all`), each
 * with all its events and file records: a receiver never gets half a dossier.
 */
export async function bundleRowsCollect(db: Database, cipher: PersonalCipher, options: { all: boolean }): Promise<BundleCollect> {
  let events: RxDocument<EventDoc>[];
  let files: RxDocument<FileDoc>[];
  if (options.all) {
    [events, files] = await Promise.all([db.events.find().exec(), db.files.find().exec()]);
  } else {
    // Found through the syncState index, then each such dossier read whole by its own index.
    const [e, f] = await Promise.all([unsyncedFind(db.events), unsyncedFind(db.files)]);
    const ids = [...new Set([...e.map((x) => x.dossierId), ...f.map((x) => x.dossierId)])];
    const perDossier = await Promise.all(
      ids.map(async (dossierId) => [await db.events.find({ selector: { dossierId } }).exec(), await db.files.find({ selector: { dossierId } }).exec()] as const),
    );
    events = perDossier.flatMap(([ev]) => ev);
    files = perDossier.flatMap(([, fi]) => fi);
  }
  // Quarantined records stay home: the server refused them once already.
  events = events.filter((e) => e.syncState !== 'rejected');
  files = files.filter((f) => f.syncState !== 'rejected');
  const rows: BundleRows = {
    events: (await Promise.all(events.map((d) => docToBundle('events', d.toJSON() as Doc, cipher)))) as BundleRows['events'],
    files: (await Promise.all(files.map((d) => docToBundle('files', d.toJSON() as Doc, cipher)))) as BundleRows['files'],
  };
  return { rows, blobHashes: [...new Set(files.map((f) => f.sha256))], dossiers: new Set(events.map((e) => e.dossierId)).size };
}

export interface BundleApplied {
  inserted: number;
  unchanged: number;
  /** Another record under a stored id: kept as stored, listed for the supervisor. */
  refused: string[];
}

/**
 * Takes an imported bundle's rows into the workstation database and rebuilds the dossiers they
 * touch. The rows count as acknowledged here: this workstation does not send another's records
 * (the bundle reaches the server on its own, and a pull brings their positions).
 */
export async function bundleRowsApply(db: Database, repo: DossierRepo, cipher: PersonalCipher, rows: BundleRows): Promise<BundleApplied> {
  const applied: BundleApplied = { inserted: 0, unchanged: 0, refused: [] };
  const touched = new Set<string>();
  for (const collection of bundleCollections) {
    const incoming = rows[collection];
    const stored = await db[collection].findByIds(incoming.map((r) => r.id)).exec();
    const writes: Doc[] = [];
    for (const row of incoming) {
      const current = stored.get(row.id);
      const decision = bundleRowDecide(current ? await docToBundle(collection, current.toJSON() as Doc, cipher) : undefined, row);
      if (decision === 'insert') {
        const { _deleted: _tombstone, ...doc } = await docFromServer(collection, row, cipher);
        writes.push(doc);
        touched.add(String(row.dossierId));
        applied.inserted += 1;
      } else if (decision === 'same') applied.unchanged += 1;
      else applied.refused.push(`${collection}/${row.id}`);
    }
    if (writes.length === 0) continue;
    await repo.rebuildNote(touched);
    const result = await (db[collection] as unknown as { bulkInsert(docs: Doc[]): Promise<{ error: unknown[] }> }).bulkInsert(writes);
    if (result.error.length > 0) throw new Error(`Không ghi được ${result.error.length} bản ghi ${collection} từ gói`);
  }
  await repo.rebuild(touched);
  return applied;
}
