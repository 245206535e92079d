import type { RxCollection } from 'rxdb';
import type { Database } from '../db/database.js';
import type { WireCollection } from './wire.js';

// Sync state of each record on this workstation: local (written, not yet offered) → queued
// (offered while the server was away) → sent (request made, answer pending or lost) →
// acknowledged (the server stored it; its pulled copy brings its position); or rejected with the
// server's code and reason and never sent again as it is (quarantine). A dossier's own state is
// derived from its records when its projection is rebuilt (renderer/db/dossierLog.ts).

export type SyncState = 'local' | 'queued' | 'sent' | 'acknowledged' | 'rejected';

export interface SyncMarker {
  /** Moves pending records on; never undoes an acknowledgement or a quarantine. */
  mark(collection: WireCollection, ids: string[], state: Exclude<SyncState, 'rejected' | 'local'>): Promise<void>;
  /** Quarantine: `syncReason` = `<code>: <reason>`. */
  reject(collection: WireCollection, id: string, code: string, reason: string): Promise<void>;
}

interface Markable {
  id: string;
  syncState: string;
  syncReason?: string | null;
}

const settled = (state: string) => state === 'acknowledged' || state === 'rejected';

export function syncMarkerCreate(db: Database): SyncMarker {
  const coll = (name: WireCollection) => db[name] as unknown as RxCollection<Markable>;
  return {
    async mark(collection, ids, state) {
      if (ids.length === 0) return;
      const docs = await coll(collection).findByIds(ids).exec();
      for (const doc of docs.values()) {
        if (settled(doc.syncState) || doc.syncState === state) continue;
        // Read again inside the write: a pull may have acknowledged it meanwhile.
        await doc.incrementalModify((d) => (settled(d.syncState) ? d : { ...d, syncState: state }));
      }
    },
    async reject(collection, id, code, reason) {
      const doc = await coll(collection).findOne(id).exec();
      if (!doc || doc.syncState === 'acknowledged') return;
      await doc.incrementalModify((d) => (d.syncState === 'acknowledged' ? d : { ...d, syncState: 'rejected', syncReason: `${code}: ${reason}` }));
    },
  };
}
