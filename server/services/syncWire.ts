import { z } from 'zod';
import type { SyncRejection } from '../../shared/sync/eventWire.js';

// Wire types of the replication endpoints (docs/spec/sync.md). The rows themselves are checked
// by shared/sync/eventWire.ts (events and file records) in server/services/eventAccept.ts.

export { syncProtocolVersion } from '../../shared/sync/eventWire.js';
export const syncCollections = ['dossiers', 'events', 'files'] as const;
export type SyncCollection = (typeof syncCollections)[number];

export const syncCheckpointSchema = z.object({ seq: z.number().int().nonnegative() }).strict();
export type SyncCheckpoint = z.infer<typeof syncCheckpointSchema>;

const isoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, 'ISO-8601 instant');

/** What every replicated document carries; the rest of the fields are the collection's body. */
export const syncDocBaseSchema = z.looseObject({
  id: z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'id: letters, digits, . _ : -'),
  unitCode: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'unitCode: 1–64 of A-Z 0-9 . _ -'),
  updatedAt: isoInstant,
  _deleted: z.boolean(),
});
export type SyncDoc = z.infer<typeof syncDocBaseSchema>;

export const syncPushRowSchema = z.object({
  newDocumentState: z.unknown(),
  assumedMasterState: z.unknown().optional(),
});
export const syncPushBodySchema = z.array(syncPushRowSchema).max(1000);

export interface SyncPullResponse {
  documents: SyncDoc[];
  checkpoint: SyncCheckpoint | null;
}

export type SyncRejectedRow = SyncRejection;

/** `conflicts` is always empty (RxDB's push contract; events never conflict); `rejected` rows must be quarantined. */
export interface SyncPushResponse {
  conflicts: SyncDoc[];
  rejected: SyncRejectedRow[];
}
