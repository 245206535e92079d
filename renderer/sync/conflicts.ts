import type { RxConflictHandler, WithDeleted } from 'rxdb';
import type { Database } from '../db/database.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import { dossierMerge, eventRekey, type Collision } from './merge.js';
import { recordEqual, type Doc, type WireCollection } from './wire.js';

// RxDB conflict handlers for the replicated collections (rules in merge.ts). RxDB's default
// keeps the server's whole document and would silently drop a second counter's offline edit.

export interface CollisionRecord extends Collision {
  collection: WireCollection;
  docId: string;
  code: string | null;
  at: string;
  resolved: boolean;
}

export const collisionKeyPrefix = 'sync-collision:';

async function personalOpened(doc: Doc | undefined, cipher: PersonalCipher): Promise<Doc | undefined> {
  if (!doc || typeof doc.personal !== 'string') return doc;
  return { ...doc, personal: await cipher.open<Doc>(doc.personal) };
}

export function conflictHandlerFor(
  collection: WireCollection,
  db: Database,
  cipher: PersonalCipher,
  onDisplaced: (event: Doc) => void,
): RxConflictHandler<Doc> {
  const isEqual = (a: WithDeleted<Doc>, b: WithDeleted<Doc>): boolean => recordEqual(a, b);
  if (collection === 'dossiers') {
    return {
      isEqual,
      async resolve({ assumedMasterState, realMasterState, newDocumentState }) {
        const [base, local, server] = await Promise.all([
          personalOpened(assumedMasterState, cipher),
          personalOpened(newDocumentState, cipher),
          personalOpened(realMasterState, cipher),
        ]);
        const { doc, collisions } = dossierMerge(base, local ?? {}, server ?? {});
        if (doc.personal && typeof doc.personal === 'object') doc.personal = await cipher.seal(doc.personal);
        const at = new Date().toISOString();
        for (const c of collisions) {
          // The review list lives on this workstation; personal values stay sealed in it too.
          const record: CollisionRecord = {
            ...c,
            base: await cipher.seal(c.base),
            local: await cipher.seal(c.local),
            server: await cipher.seal(c.server),
            collection,
            docId: String(server?.id ?? local?.id),
            code: typeof server?.code === 'string' ? server.code : null,
            at,
            resolved: false,
          };
          await db.workstation.upsert({ key: `${collisionKeyPrefix}${record.docId}:${c.field}`, value: record as unknown as Record<string, unknown>, updatedAt: at });
        }
        return { ...doc, _deleted: realMasterState._deleted && newDocumentState._deleted, syncState: 'local' } as WithDeleted<Doc>;
      },
    };
  }
  return {
    isEqual,
    async resolve({ realMasterState, newDocumentState }) {
      // Events and file records are immutable: the server's copy keeps the key; a different
      // local event is not lost but re-keyed after the dossier's last event (union).
      if (collection === 'events' && !recordEqual(realMasterState, newDocumentState)) onDisplaced(newDocumentState);
      return realMasterState;
    },
  };
}

/** Stores displaced local events under the next free sequence number of their dossier. */
export async function displacedStore(db: Database, events: Doc[]): Promise<number> {
  let stored = 0;
  for (const event of events) {
    const dossierId = String(event.dossierId);
    const existing = await db.events.find({ selector: { dossierId } }).exec();
    // Already moved (the copy under the old key is replaced by the server's event in the meantime).
    if (existing.some((e) => e.eventId === event.eventId && e.id !== event.id)) continue;
    const next = eventRekey(event, existing.map((e) => e.seq));
    const { _deleted: _d, _meta: _m, _rev: _r, _attachments: _a, ...plain } = next;
    await db.events.insert(plain as never);
    stored++;
  }
  return stored;
}

export function collisionsList(db: Database) {
  return db.workstation.find({ selector: { key: { $regex: `^${collisionKeyPrefix}` } } });
}
