import type { RxCollection, WithDeleted } from 'rxdb';
import { movedMarkerIs } from '../../shared/sync/eventWire.js';
import type { Database } from '../db/database.js';
import type { DossierRepo } from '../db/dossierRepo.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import type { Backoff } from './backoff.js';
import type { SyncBridge } from './bridge.js';
import { docFromServer, type Doc, type WireCollection } from './wire.js';

// RxDB's pull handler for one replicated collection (docs/spec/sync.md, "Client"). Beyond
// fetching a batch from the checkpoint it:
// - answers a server restored from a backup (409 `checkpoint-ahead`) by pulling again from the
//   start, after `onServerRestored` has made this workstation's own events go out again;
// - turns a "moved" marker (the dossier now belongs to another unit) into the removal of the
//   local records of that dossier — those still waiting are quarantined instead — so nothing of
//   it is pushed back, and its projection goes;
// - writes the server's copy over a local record still waiting for its answer (RxDB skips a
//   pulled document whose local copy has unsent changes; the server's copy carries the position
//   and acknowledges it);
// - notes the dossiers touched, so their projections are rebuilt even across a crash.

export type Checkpoint = { seq: number };

export interface PullDeps {
  db: Database;
  repo: DossierRepo;
  cipher: PersonalCipher;
  bridge: SyncBridge;
  backoff: Backoff;
  collection: WireCollection;
  /** The server was restored from a backup: whatever it lost of ours must go out again. */
  onServerRestored?: () => Promise<void>;
  /** File records pulled: their bytes are fetched apart. */
  onFileRecords?: (hashes: string[]) => void;
}

export function checkpointAhead(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const details = (err as { details?: unknown }).details;
  return typeof details === 'object' && details !== null && (details as { reason?: unknown }).reason === 'checkpoint-ahead';
}

const waitingStates = ['local', 'queued', 'sent'];

type Local = RxCollection<Doc & { id: string; dossierId: string; unitCode: string; syncState: string }>;

/** Whether the local copy still lacks what the server's copy says (acknowledgement, position, a move). */
function behind(local: Doc, server: Doc): boolean {
  if (local.syncState !== 'acknowledged') return true;
  return (local.pos ?? null) !== (server.pos ?? null) || (local.acceptedAt ?? null) !== (server.acceptedAt ?? null) || local.unitCode !== server.unitCode;
}

/**
 * The batch in server order without its markers (dossier id → the unit it moved to). A marker
 * drops what came before it of its dossier under the old unit; copies under the new unit stay
 * (a supervisor of both units is served the moved copies, then the old unit's marker).
 */
export function markersApply(documents: readonly Doc[]): { records: Doc[]; moved: Map<string, string> } {
  const records: Doc[] = [];
  const moved = new Map<string, string>();
  for (const d of documents) {
    if (!movedMarkerIs(d)) {
      records.push(d);
      continue;
    }
    const dossierId = String(d.dossierId);
    const to = String(d.movedTo);
    moved.set(dossierId, to);
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i];
      if (r?.dossierId === dossierId && r.unitCode !== to) records.splice(i, 1);
    }
  }
  return { records, moved };
}

export function pullHandlerCreate(deps: PullDeps) {
  const { db, repo, cipher, bridge, backoff, collection: name } = deps;
  const collection = db[name] as unknown as Local;

  /**
   * A dossier moved away: its local records go (copies already under the new unit aside). One
   * still waiting to be sent is not dropped silently: it is quarantined (`dossier-moved`), so it is
   * never pushed and the clerk sees what became of it.
   */
  async function movedAway(moved: ReadonlyMap<string, string>, keep: ReadonlySet<string>): Promise<void> {
    for (const [dossierId, to] of moved) {
      const docs = (await collection.find({ selector: { dossierId } }).exec()).filter((d) => d.unitCode !== to && !keep.has(d.primary));
      const code = (await db.dossiers.findOne(dossierId).exec())?.code ?? dossierId;
      const reason = `dossier-moved: hồ sơ ${code} đã chuyển sang đơn vị ${to}`;
      for (const d of docs.filter((x) => waitingStates.includes(x.syncState))) {
        await d.incrementalModify((x) => (waitingStates.includes(x.syncState) ? { ...x, syncState: 'rejected', syncReason: reason } : x));
      }
      const gone = docs.filter((d) => d.syncState === 'acknowledged').map((d) => d.primary);
      if (gone.length > 0) await collection.bulkRemove(gone);
    }
  }

  async function acknowledge(documents: readonly Doc[]): Promise<void> {
    const live = documents.filter((d) => d._deleted !== true);
    if (live.length === 0) return;
    const locals = await collection.findByIds(live.map((d) => String(d.id))).exec();
    for (const server of live) {
      const local = locals.get(String(server.id));
      if (!local || !behind(local.toJSON() as Doc, server)) continue;
      const { _deleted: _d, ...data } = server;
      await local.incrementalModify(() => data as never);
    }
  }

  return async function pull(checkpoint: Checkpoint | undefined, batchSize: number): Promise<{ documents: WithDeleted<Doc>[]; checkpoint: Checkpoint }> {
    let from = checkpoint ?? null;
    let answer;
    try {
      answer = await backoff.run(() => bridge.pull(name, from, batchSize));
    } catch (err) {
      if (!checkpointAhead(err)) throw err;
      // The server answered: no outage to back off from.
      backoff.reset();
      await deps.onServerRestored?.();
      from = null;
      answer = await backoff.run(() => bridge.pull(name, null, batchSize));
    }
    const { records, moved } = markersApply(answer.documents);
    const documents = await Promise.all(records.map((d) => docFromServer(name, d, cipher)));
    await repo.rebuildNote(new Set([...records.map((d) => String(d.dossierId)), ...moved.keys()]));
    // Records of the batch itself (copies under the new unit) overwrite their old copies instead.
    await movedAway(moved, new Set(records.map((r) => String(r.id))));
    await acknowledge(documents);
    if (name === 'files' && deps.onFileRecords) {
      const hashes = documents.filter((d) => d._deleted !== true && typeof d.sha256 === 'string').map((d) => d.sha256 as string);
      if (hashes.length > 0) deps.onFileRecords(hashes);
    }
    return { documents: documents as WithDeleted<Doc>[], checkpoint: answer.checkpoint ?? from ?? { seq: 0 } };
  };
}
