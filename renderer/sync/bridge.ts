import type { SyncCollectionName } from '../../shared/contract/sync.js';
import { invoke, on } from '../ipc/client.js';
import type { Doc } from './wire.js';

// What the replication needs from the main process, which owns the network and the tokens.
// The app uses the typed contract; tests may bind the same main-side service directly.

export interface SyncBridge {
  pull(collection: SyncCollectionName, checkpoint: { seq: number } | null, limit: number): Promise<{ documents: Doc[]; checkpoint: { seq: number } | null }>;
  push(
    collection: SyncCollectionName,
    rows: { newDocumentState: Doc; assumedMasterState?: Doc }[],
  ): Promise<{ conflicts: Doc[]; rejected: { index: number; id: string | null; code: string; reason: string }[] }>;
  filesFetch(hashes: string[]): Promise<{ fetched: number; missing: string[] }>;
  filesUpload(hashes: string[]): Promise<{ uploaded: number; skipped: number; failed: string[] }>;
  /** Directory refresh and status ("sync now" on the main side). */
  now(): Promise<unknown>;
  onChanged(listener: (collection: SyncCollectionName) => void): () => void;
}

export const ipcBridge: SyncBridge = {
  pull: (collection, checkpoint, limit) => invoke('sync:pull', { collection, checkpoint, limit }),
  push: (collection, rows) => invoke('sync:push', { collection, rows }),
  filesFetch: (hashes) => invoke('sync:filesFetch', { sha256: hashes }),
  filesUpload: (hashes) => invoke('sync:filesUpload', { sha256: hashes }),
  now: () => invoke('sync:now', {}),
  onChanged: (listener) => on('sync:changed', (p) => listener(p.collection)),
};
