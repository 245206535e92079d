import type { RxCollection } from 'rxdb';
import type { Database } from '../db/database.js';
import type { WireCollection } from './wire.js';

// Sync state of each record on this workstation: local (written, not yet offered) → queued
// (offered while the server was away) → sent (request made, answer pending or lost) →
// acknowledged; or rejected with the server's reason, shown on the dossier and never retried
// as is (quarantine). A rejected event marks its dossier too, where the clerk sees it.

export type SyncState = 'local' | 'queued' | 'sent' | 'acknowledged' | 'rejected';

export interface SyncMarker {
  mark(collection: WireCollection, ids: string[], state: Exclude<SyncState, 'rejected'>): Promise<void>;
  reject(collection: WireCollection, id: string, reason: string): Promise<void>;
}

interface Markable {
  syncState: string;
  dossierId?: string;
  syncReason?: string | null;
}

export function syncMarkerCreate(db: Database): SyncMarker {
  const coll = (name: WireCollection) => db[name] as unknown as RxCollection<Markable>;
  return {
    async mark(collection, ids, state) {
      if (ids.length === 0) return;
      const docs = await coll(collection).findByIds(ids).exec();
      for (const doc of docs.values()) {
        if (doc.syncState === state) continue;
        // A quarantined record stays visible as such until the server takes a new version.
        if (doc.syncState === 'rejected' && state !== 'acknowledged') continue;
        await doc.incrementalPatch(collection === 'dossiers' ? { syncState: state, syncReason: null } : { syncState: state });
      }
    },
    async reject(collection, id, reason) {
      const doc = await coll(collection).findOne(id).exec();
      if (!doc) return;
      await doc.incrementalPatch(collection === 'dossiers' ? { syncState: 'rejected', syncReason: reason } : { syncState: 'rejected' });
      const dossierId = collection === 'dossiers' ? null : doc.dossierId;
      if (dossierId) {
        const dossier = await db.dossiers.findOne(dossierId).exec();
        await dossier?.incrementalPatch({ syncState: 'rejected', syncReason: `${collection}: ${reason}` });
      }
    },
  };
}
