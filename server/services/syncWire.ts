import { z } from 'zod';

// Wire types of the replication endpoints (docs/spec/sync.md). Pure zod, no node imports, so
// the file can move to shared/sync/ unchanged when the renderer client is written.

export const syncProtocolVersion = 1;
export const syncCollections = ['dossiers', 'events', 'files', 'workstations'] as const;
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

// Per-collection rules on top of the base. The shared domain schemas are not written yet; when
// they are, they replace these minimal ones (a row must still pass the base above).
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits');
export const syncCollectionSchemas: Record<SyncCollection, z.ZodType<SyncDoc>> = {
  dossiers: syncDocBaseSchema.extend({ code: z.string().min(1).max(64).optional() }),
  events: syncDocBaseSchema.extend({
    dossierId: z.string().min(1).max(128),
    type: z.string().regex(/^[a-z][a-zA-Z.-]{0,63}$/, 'type: a short lower-camel name'),
  }),
  files: syncDocBaseSchema.extend({ sha256, size: z.number().int().nonnegative().optional() }),
  workstations: syncDocBaseSchema,
};

export const syncPushRowSchema = z.object({
  newDocumentState: z.unknown(),
  assumedMasterState: z.unknown().optional(),
});
export const syncPushBodySchema = z.array(syncPushRowSchema).max(1000);

export interface SyncPullResponse {
  documents: SyncDoc[];
  checkpoint: SyncCheckpoint | null;
}

export interface SyncRejectedRow {
  index: number;
  id: string | null;
  code: 'sync-rejected';
  reason: string;
}

/** `conflicts` are the server's current states (RxDB's push contract); `rejected` rows must be quarantined. */
export interface SyncPushResponse {
  conflicts: SyncDoc[];
  rejected: SyncRejectedRow[];
}

/** The maximum size of one stored document (JSON bytes); larger rows are rejected. */
export const syncDocMaxBytes = 256 * 1024;
