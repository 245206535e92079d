import { z } from 'zod';
import { command, event } from './define.js';

// Replication of the workstation database with the provincial server (docs/spec/sync.md). The
// renderer runs RxDB's replication; the main process owns the network and the tokens, so the
// pull and push handlers and the live stream cross this contract. Documents cross as plain JSON
// objects: their shape is checked by the server (and by RxDB's schema on arrival). Workstations
// replicate events and file records only (architecture decision 9): a dossier is each side's
// projection of its events.

export const syncCollectionNames = ['events', 'files'] as const;
export type SyncCollectionName = (typeof syncCollectionNames)[number];

const collection = z.enum(syncCollectionNames);
const checkpoint = z.object({ seq: z.number().int().nonnegative() });
const doc = z.record(z.string(), z.unknown());
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const staff = ['clerk', 'postal', 'supervisor', 'admin'] as const;

export const syncRejectedSchema = z.object({ index: z.number().int(), id: z.string().nullable(), code: z.string(), reason: z.string() });

export const syncStatusSchema = z.object({
  /** A server session exists (an access token or a sealed refresh token). */
  signedIn: z.boolean(),
  username: z.string().nullable(),
  /** 426 from the server: this app must be updated before it syncs again. */
  outdated: z.boolean(),
  lastError: z.string().nullable(),
  lastOkAt: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncCommands = {
  'sync:pull': command({
    summary: 'Pull one batch of a collection from the server after a checkpoint',
    args: z.object({ collection, checkpoint: checkpoint.nullable(), limit: z.number().int().min(1).max(1000) }),
    result: z.object({ documents: z.array(doc), checkpoint: checkpoint.nullable() }),
    roles: staff,
  }),
  'sync:push': command({
    summary: 'Push new records; answers the rows the server refused (code, reason) and, never in practice, conflicts',
    args: z.object({
      collection,
      rows: z.array(z.object({ newDocumentState: doc, assumedMasterState: doc.optional() })).max(1000),
    }),
    result: z.object({ conflicts: z.array(doc), rejected: z.array(syncRejectedSchema) }),
    roles: staff,
  }),
  'sync:filesFetch': command({
    summary: 'Download from the server the blobs this workstation lacks (by SHA-256)',
    args: z.object({ sha256: z.array(sha256).max(1000) }),
    result: z.object({ fetched: z.number().int(), missing: z.array(sha256) }),
    roles: staff,
  }),
  'sync:filesUpload': command({
    summary: 'Upload blobs to the server, resumable and skipped when the server has them',
    args: z.object({ sha256: z.array(sha256).max(1000) }),
    result: z.object({ uploaded: z.number().int(), skipped: z.number().int(), failed: z.array(sha256) }),
    roles: staff,
  }),
  'sync:now': command({
    summary: 'Sync now: refresh the user directory and wake the replication',
    args: z.object({}),
    result: syncStatusSchema,
    roles: staff,
  }),
  'sync:status': command({ summary: 'State of the server session', args: z.object({}), result: syncStatusSchema }),
} as const;

export const syncEvents = {
  'sync:changed': event({
    summary: 'The server announced changes of a collection (RESYNC), or the stream reconnected',
    payload: z.object({ collection }),
  }),
} as const;
