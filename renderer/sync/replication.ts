import { addRxPlugin, type RxCollection, type WithDeleted } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import type { Database } from '../db/database.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import { conflictHandlerFor, displacedStore } from './conflicts.js';
import type { SyncBridge } from './bridge.js';
import { backoffCreate } from './backoff.js';
import { syncMarkerCreate } from './syncMarks.js';
import { docFromServer, docToServer, jsonEqual, type Doc, type WireCollection } from './wire.js';

// RxDB replication of the workstation database with the provincial server, one replication per
// collection. Only the elected leader among the app's tabs/windows replicates. The HTTP is done
// by the main process (the bridge); this side converts documents, marks their sync state,
// merges conflicts and backs off while the server is away.

addRxPlugin(RxDBLeaderElectionPlugin);

export const replicatedCollections: readonly WireCollection[] = ['dossiers', 'events', 'files'];
type Checkpoint = { seq: number };

export interface SyncOptions {
  db: Database;
  cipher: PersonalCipher;
  bridge: SyncBridge;
  /** Several windows of one workstation: only the leader replicates. */
  waitForLeadership?: boolean;
  batchSize?: number;
  retryTime?: number;
  /** Distinguishes replications to different servers (a workstation moved to another province). */
  identifier: string;
}

export interface SyncController {
  states: RxReplicationState<Doc, Checkpoint>[];
  /** "Đồng bộ ngay": forget the back-off, refresh the directory, pull and push everything now. */
  syncNow(): Promise<void>;
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

export function syncStart(options: SyncOptions): SyncController {
  const { db, cipher, bridge } = options;
  const backoff = backoffCreate();
  const marks = syncMarkerCreate(db);
  const streams = new Map<WireCollection, Subject<'RESYNC'>>();
  let displacing: Promise<unknown> = Promise.resolve();
  const onDisplaced = (event: Doc): void => {
    // Out of the conflict handler's turn: the re-keyed event is a new local write.
    displacing = displacing.then(() => new Promise((r) => setTimeout(r, 0))).then(() => displacedStore(db, [event])).catch(() => undefined);
  };

  // The conflict handler is the collection's; RxDB asks it when the server answers a conflict.
  for (const name of replicatedCollections) {
    (db[name] as unknown as { conflictHandler: unknown }).conflictHandler = conflictHandlerFor(name, db, cipher, onDisplaced);
  }
  let stopped = false;
  // A record may arrive before its bytes reach the server: ask again, backing off, for a while.
  function filesFetch(hashes: string[], attempt: number): void {
    bridge.filesFetch(hashes).then(
      ({ missing }) => {
        if (missing.length > 0 && attempt < 10 && !stopped) setTimeout(() => filesFetch(missing, attempt + 1), Math.min(30_000, 500 * 2 ** attempt));
      },
      () => {
        if (attempt < 10 && !stopped) setTimeout(() => filesFetch(hashes, attempt + 1), Math.min(30_000, 500 * 2 ** attempt));
      },
    );
  }

  const states = replicatedCollections.map((name) => {
    const stream$ = new Subject<'RESYNC'>();
    streams.set(name, stream$);
    const collection = db[name] as unknown as RxCollection<Doc>;
    return replicateRxCollection<Doc, Checkpoint>({
      collection,
      replicationIdentifier: `motcua-${name}-${options.identifier}`,
      live: true,
      retryTime: options.retryTime ?? 2000,
      waitForLeadership: options.waitForLeadership ?? true,
      autoStart: true,
      pull: {
        batchSize: options.batchSize ?? 100,
        stream$: stream$.asObservable(),
        async handler(checkpoint, batchSize) {
          const answer = await backoff.run(() => bridge.pull(name, checkpoint ?? null, batchSize));
          const documents = (await Promise.all(answer.documents.map((d) => docFromServer(name, d, cipher)))) as WithDeleted<Doc>[];
          if (name === 'files') {
            const hashes = documents.filter((d) => !d._deleted && typeof d.sha256 === 'string').map((d) => d.sha256 as string);
            if (hashes.length > 0) filesFetch(hashes, 0);
          }
          return { documents, checkpoint: answer.checkpoint ?? checkpoint ?? { seq: 0 } };
        },
      },
      push: {
        batchSize: options.batchSize ?? 100,
        async handler(rows) {
          const send: { newDocumentState: Doc; assumedMasterState?: Doc }[] = [];
          for (const row of rows) {
            const next = await docToServer(name, row.newDocumentState, cipher);
            const assumed = row.assumedMasterState ? await docToServer(name, row.assumedMasterState, cipher) : undefined;
            // Only this copy's sync state changed: nothing to tell the server.
            if (assumed && jsonEqual(next, assumed)) continue;
            send.push(assumed ? { newDocumentState: next, assumedMasterState: assumed } : { newDocumentState: next });
          }
          if (send.length === 0) return [];
          const ids = send.map((r) => String(r.newDocumentState.id));
          await marks.mark(name, ids, 'sent');
          let answer;
          try {
            answer = await backoff.run(() => bridge.push(name, send));
          } catch (err) {
            if (backoff.offline(err)) await marks.mark(name, ids, 'queued');
            throw err;
          }
          const conflicted = new Set(answer.conflicts.map((c) => String(c.id)));
          for (const r of answer.rejected) {
            const id = r.id ?? ids[r.index] ?? null;
            if (id) await marks.reject(name, id, r.reason);
          }
          const rejected = new Set(answer.rejected.map((r) => r.id ?? ids[r.index]));
          await marks.mark(name, ids.filter((id) => !conflicted.has(id) && !rejected.has(id)), 'acknowledged');
          return (await Promise.all(answer.conflicts.map((c) => docFromServer(name, c, cipher)))) as WithDeleted<Doc>[];
        },
      },
    });
  });
  const unsubscribe = bridge.onChanged((collection) => streams.get(collection)?.next('RESYNC'));

  async function filesAll(): Promise<string[]> {
    return (await db.files.find().exec()).map((f) => f.sha256);
  }

  return {
    states,
    async syncNow() {
      backoff.reset();
      await bridge.now().catch(() => undefined);
      for (const [, s] of streams) s.next('RESYNC');
      for (const state of states) state.reSync();
      const hashes = await filesAll();
      if (hashes.length > 0) {
        await bridge.filesUpload(hashes.slice(0, 1000)).catch(() => undefined);
        await bridge.filesFetch(hashes.slice(0, 1000)).catch(() => undefined);
      }
    },
    async awaitInSync() {
      await Promise.all(states.map((s) => s.awaitInSync()));
      await displacing;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      await Promise.all(states.map((s) => s.cancel()));
    },
  };
}
