import { addRxPlugin, type RxCollection } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import type { Database } from '../db/database.js';
import type { DossierRepo } from '../db/dossierRepo.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import { backoffCreate } from './backoff.js';
import type { SyncBridge } from './bridge.js';
import { projectionSyncStart } from './projectionSync.js';
import { pullHandlerCreate, type Checkpoint } from './pullHandler.js';
import { pushHandlerCreate } from './pushHandler.js';
import { syncMarkerCreate } from './syncMarks.js';
import type { Doc, WireCollection } from './wire.js';

// RxDB replication of the workstation database with the provincial server (architecture
// decision 9): events and file records only, each keyed by its own id, one replication per
// collection. Dossier projections are this workstation's own, rebuilt from the events it holds
// whenever the server's arrive. Only the elected leader among the app's tabs/windows replicates.
// The HTTP is done by the main process (the bridge); this side converts records, marks their
// sync state, quarantines what the server refuses and backs off while the server is away.

addRxPlugin(RxDBLeaderElectionPlugin);

export const replicatedCollections: readonly WireCollection[] = ['events', 'files'];

export interface SyncOptions {
  db: Database;
  /** The repository whose appends the rebuilds take turns with. */
  repo: DossierRepo;
  cipher: PersonalCipher;
  bridge: SyncBridge;
  /** This workstation: after a server restore its own events are offered again. */
  workstationId?: string;
  /** Several windows of one workstation: only the leader replicates. */
  waitForLeadership?: boolean;
  batchSize?: number;
  retryTime?: number;
  /** Distinguishes replications to different servers (a workstation moved to another province). */
  identifier: string;
  onError?: (err: unknown) => void;
}

export interface SyncController {
  states: RxReplicationState<Doc, Checkpoint>[];
  /** "Đồng bộ ngay": forget the back-off, refresh the directory, pull and push everything now. */
  syncNow(): Promise<void>;
  /** Replication in sync and every projection it touched rebuilt. */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * After a restore the server may lack events it had acknowledged: this workstation's own go out
 * again (a copy the server still holds is a no-op there, and the pull from the start brings the
 * positions back). Unplaced and unacknowledged, they differ from what RxDB last pushed, so they
 * are pushed.
 */
async function ownEventsResend(db: Database, workstationId: string): Promise<void> {
  const own = await db.events.find({ selector: { syncState: 'acknowledged' } }).exec();
  for (const e of own) {
    if ((e.actor as { workstationId?: unknown }).workstationId !== workstationId) continue;
    await e.incrementalModify((d) => (d.syncState === 'acknowledged' ? { ...d, syncState: 'local', pos: null, acceptedAt: null } : d));
  }
}

export function syncStart(options: SyncOptions): SyncController {
  const { db, repo, cipher, bridge } = options;
  const backoff = backoffCreate();
  const marks = syncMarkerCreate(db);
  const projections = projectionSyncStart(db, repo, options.onError ? { onError: options.onError } : {});
  const streams = new Map<WireCollection, Subject<'RESYNC'>>();
  let stopped = false;
  let restoring: Promise<void> | null = null;
  const serverRestored = (): Promise<void> => {
    const workstationId = options.workstationId;
    if (!workstationId) return Promise.resolve();
    restoring ??= ownEventsResend(db, workstationId).finally(() => {
      restoring = null;
    });
    return restoring;
  };

  // A record may arrive before its bytes reach the server: ask again, backing off, for a while.
  function filesFetch(hashes: string[], attempt: number): void {
    const again = (list: string[]) => {
      if (list.length > 0 && attempt < 10 && !stopped) setTimeout(() => filesFetch(list, attempt + 1), Math.min(30_000, 500 * 2 ** attempt));
    };
    bridge.filesFetch(hashes).then(({ missing }) => again(missing), () => again(hashes));
  }

  const states = replicatedCollections.map((name) => {
    const stream$ = new Subject<'RESYNC'>();
    streams.set(name, stream$);
    return replicateRxCollection<Doc, Checkpoint>({
      collection: db[name] as unknown as RxCollection<Doc>,
      // v2: events keyed by their own id; pulled again from the start after the upgrade.
      replicationIdentifier: `motcua-v2-${name}-${options.identifier}`,
      live: true,
      retryTime: options.retryTime ?? 2000,
      waitForLeadership: options.waitForLeadership ?? true,
      autoStart: true,
      pull: {
        batchSize: options.batchSize ?? 100,
        stream$: stream$.asObservable(),
        handler: pullHandlerCreate({
          db,
          repo,
          cipher,
          bridge,
          backoff,
          collection: name,
          ...(name === 'events' ? { onServerRestored: serverRestored } : {}),
          onFileRecords: (hashes) => filesFetch(hashes, 0),
        }),
      },
      push: {
        batchSize: options.batchSize ?? 100,
        handler: pushHandlerCreate({ cipher, bridge, backoff, marks, collection: name }),
      },
    });
  });
  const unsubscribe = bridge.onChanged((collection) => streams.get(collection as WireCollection)?.next('RESYNC'));

  return {
    states,
    async syncNow() {
      backoff.reset();
      await bridge.now().catch(() => undefined);
      for (const [, s] of streams) s.next('RESYNC');
      for (const state of states) state.reSync();
      const hashes = (await db.files.find().exec()).map((f) => f.sha256);
      if (hashes.length > 0) {
        await bridge.filesUpload(hashes.slice(0, 1000)).catch(() => undefined);
        await bridge.filesFetch(hashes.slice(0, 1000)).catch(() => undefined);
      }
    },
    async awaitInSync() {
      await Promise.all(states.map((s) => s.awaitInSync()));
      await projections.idle();
    },
    async stop() {
      stopped = true;
      unsubscribe();
      await Promise.all(states.map((s) => s.cancel()));
      await projections.idle();
      projections.stop();
    },
  };
}
