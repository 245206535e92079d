import { join } from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import { syncCollectionNames, type SyncCollectionName } from '../../../shared/contract/sync.js';
import type { BlobStore } from '../blobs/blobStore.js';
import type { EventBus } from '../../ipc/eventBus.js';
import type { KeyStore } from '../keys/keyStore.js';
import type { SettingsStore } from '../settings/settingsStore.js';
import { serverTrustOf, type ServerTrust } from '../serverLink/serverTrust.js';
import type { UserStore } from '../users/userStore.js';
import { directoryRefresh } from './directory.js';
import { fileTransferCreate, type FileTransfer } from './fileTransfer.js';
import { liveStreamsCreate, type LiveStreams } from './liveStream.js';
import { syncClientCreate, type SyncClient } from './syncClient.js';
import { tokenVaultCreate } from './tokenVault.js';

// The main-side half of replication: HTTP pull and push for the renderer's RxDB replication
// (with batch shrinking on 413), the live streams, blob transfer and the user directory.

type Doc = Record<string, unknown>;
export interface PushRow {
  newDocumentState: Doc;
  assumedMasterState?: Doc | undefined;
}
export interface Rejected {
  index: number;
  id: string | null;
  code: string;
  reason: string;
}

export interface SyncService {
  client: SyncClient;
  files: FileTransfer;
  streams: LiveStreams;
  pull(collection: SyncCollectionName, checkpoint: { seq: number } | null, limit: number): Promise<{ documents: Doc[]; checkpoint: { seq: number } | null }>;
  push(collection: SyncCollectionName, rows: PushRow[]): Promise<{ conflicts: Doc[]; rejected: Rejected[] }>;
  directoryRefresh(): Promise<number>;
  /**
   * Logs in at the server when it answers, refreshes the directory and makes this workstation's
   * offline verifier of the password; `offline` when it cannot be reached. Server refusals throw.
   */
  signInOnline(username: string, password: string): Promise<'online' | 'offline'>;
}

export interface SyncServiceDeps {
  dataDir: string;
  settings: SettingsStore;
  keys: KeyStore;
  users: UserStore;
  blobs: BlobStore;
  bus: EventBus;
  /** Defaults to the trust of this settings store (the same one the link check uses). */
  trust?: ServerTrust;
}

export function syncServiceCreate(deps: SyncServiceDeps): SyncService {
  const trust = deps.trust ?? serverTrustOf(deps.settings);
  const client = syncClientCreate({
    serverUrl: async () => (await deps.settings.get().catch(() => null))?.serverUrl ?? null,
    vault: tokenVaultCreate(deps.dataDir, deps.keys),
    trust,
  });
  const files = fileTransferCreate({ client, trust, blobs: deps.blobs, stateDir: join(deps.dataDir, 'sync') });
  const streams = liveStreamsCreate({ client, collections: syncCollectionNames, onResync: (collection) => deps.bus.emit('sync:changed', { collection }) });

  async function pushBatch(collection: SyncCollectionName, rows: PushRow[]): Promise<{ conflicts: Doc[]; rejected: Rejected[] }> {
    try {
      return await client.json<{ conflicts: Doc[]; rejected: Rejected[] }>('POST', `/api/sync/${collection}/push`, rows);
    } catch (err) {
      if (!(err instanceof AppError) || err.details?.status !== 413) throw err;
      // Too large for the server or a proxy on the way: halve the batch until it passes; a
      // single row that is still too large is rejected (quarantined), never retried as is.
      if (rows.length === 1) {
        const id = rows[0]?.newDocumentState.id;
        return { conflicts: [], rejected: [{ index: 0, id: typeof id === 'string' ? id : null, code: 'too-large', reason: 'the record alone is larger than the server takes in one request (413)' }] };
      }
      const half = Math.ceil(rows.length / 2);
      const first = await pushBatch(collection, rows.slice(0, half));
      const second = await pushBatch(collection, rows.slice(half));
      return {
        conflicts: [...first.conflicts, ...second.conflicts],
        rejected: [...first.rejected, ...second.rejected.map((r) => ({ ...r, index: r.index + half }))],
      };
    }
  }

  const service: SyncService = {
    client,
    files,
    streams,
    async pull(collection, checkpoint, limit) {
      const q = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=${limit}`;
      const answer = await client.json<{ documents: Doc[]; checkpoint: { seq: number } | null }>('GET', `/api/sync/${collection}/pull?${q}`);
      streams.start();
      return answer;
    },
    async push(collection, rows) {
      const answer = await pushBatch(collection, rows);
      if (collection === 'files') {
        // Bytes follow their record; a failed upload is retried at the next push or "sync now".
        const hashes = rows.map((r) => r.newDocumentState).filter((d) => d._deleted !== true && typeof d.sha256 === 'string').map((d) => d.sha256 as string);
        void files.upload(hashes).catch(() => undefined);
      }
      return answer;
    },
    directoryRefresh: () => directoryRefresh(client, deps.users),
    async signInOnline(username, password) {
      try {
        await client.login(username, password);
      } catch (err) {
        if (err instanceof AppError && (err.code === 'server-offline' || err.code === 'not-configured')) return 'offline';
        throw err;
      }
      await service.directoryRefresh();
      // The server has just accepted this password: keep a verifier of it, made here with a fresh
      // salt, so the person can sign in at this workstation offline later (issue 17).
      await deps.users.verifierMake(username, password);
      return 'online';
    },
  };
  return service;
}

const registry = new WeakMap<object, SyncService>();

/** One sync service per set of main-side services (Electron window and browser host alike). */
export function syncServiceOf(owner: object, deps: SyncServiceDeps): SyncService {
  let service = registry.get(owner);
  if (!service) {
    service = syncServiceCreate(deps);
    registry.set(owner, service);
  }
  return service;
}
