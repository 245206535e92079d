import { z } from 'zod';
import { dossierEventSchema, vnIsoSchema, type DossierEvent } from '../domain/lifecycle/events.js';

// What crosses the wire in the `events` and `files` collections (docs/spec/sync.md). Events are
// the only facts a workstation sends; each is keyed by its own id and never changes. The server
// adds `pos` (its acceptance order within the dossier) and `acceptedAt` to the copy it serves.

export const eventIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'id: 8–64 of A-Z a-z 0-9 -');
const unitCode = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'unitCode: 1–64 of A-Z 0-9 . _ -');
const isoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, 'ISO-8601 instant');

/** The envelope around an event; the event itself is checked by the domain's schema. */
const envelope = z.object({
  id: eventIdSchema,
  dossierId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  unitCode,
  _deleted: z.boolean(),
  updatedAt: isoInstant.optional(),
  clock: z.record(z.string(), z.unknown()).optional(),
  // Set by the server; whatever a client sends here is ignored.
  pos: z.number().int().min(1).nullable().optional(),
  acceptedAt: z.string().nullable().optional(),
});

export interface EventWire {
  event: DossierEvent;
  unitCode: string;
  deleted: boolean;
  clock: Record<string, unknown> | undefined;
}

export type WireParse<T> = { ok: true; value: T } | { ok: false; reason: string };

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`;
}

export function eventWireParse(raw: unknown): WireParse<EventWire> {
  const env = envelope.safeParse(raw);
  if (!env.success) return { ok: false, reason: issueText(env.error) };
  const r = raw as Record<string, unknown>;
  const event = dossierEventSchema.safeParse({ id: r.id, dossierId: r.dossierId, seq: r.seq, type: r.type, at: r.at, actor: r.actor, payload: r.payload });
  if (!event.success) return { ok: false, reason: issueText(event.error) };
  return { ok: true, value: { event: event.data, unitCode: env.data.unitCode, deleted: env.data._deleted, clock: env.data.clock } };
}

/** The event as the server stores and serves it. */
export function eventWireDoc(e: EventWire, pos: number, acceptedAt: string): Record<string, unknown> {
  return {
    ...e.event,
    unitCode: e.unitCode,
    ...(e.clock ? { clock: e.clock } : {}),
    updatedAt: e.event.at,
    _deleted: false,
    pos,
    acceptedAt,
  };
}

/** A file record: metadata of a scan or document whose bytes travel apart, by SHA-256. */
export const fileWireSchema = z.object({
  id: z.string().regex(/^[\w.:-]{1,160}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits'),
  dossierId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  unitCode,
  componentCode: z.string().max(64).nullable().optional(),
  name: z.string().min(1).max(255),
  mime: z.string().min(1).max(100),
  size: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative().nullable().optional(),
  searchable: z.boolean().optional(),
  createdAt: vnIsoSchema.or(isoInstant),
  updatedAt: isoInstant.optional(),
  _deleted: z.boolean(),
});
export type FileWire = z.infer<typeof fileWireSchema>;

/**
 * Why the server refused one pushed row. Stable: the workstation shows the row in its quarantine
 * list with the code and the reason and never sends it again as it is.
 */
export const syncRejectCodes = [
  'invalid', // the row does not match the schema
  'bad-text', // NUL, unpaired surrogate
  'too-deep', // nested too deep
  'too-large', // a field or the row too large
  'immutable', // an event or file record with this id exists with other content, or a deletion
  'not-replicated', // a collection the server derives (dossiers) or that is not sent by sync
  'forbidden-role', // the sender's role may not record this event
  'forbidden-unit', // not one of the sender's units
  'dossier-moved', // the dossier now belongs to another unit
  'unknown-dossier', // an event for a dossier the server has no receipt of
  'dossier-exists', // a second receipt for a dossier
  'code-taken', // another dossier has this code
  'code-mismatch', // code or unit not those of the receiving agency
  'code-block', // the code's number lies in another workstation's block
  'illegal-transition', // not a legal step from the server's state of the dossier
] as const;
export type SyncRejectCode = (typeof syncRejectCodes)[number];

export interface SyncRejection {
  index: number;
  id: string | null;
  code: SyncRejectCode;
  reason: string;
}

/**
 * A marker the server serves to a unit a dossier was moved away from: the workstation drops its
 * copy of the dossier (its events, file records and projection) instead of storing the marker.
 */
export interface MovedMarker {
  id: string;
  dossierId: string;
  unitCode: string;
  movedTo: string;
  updatedAt: string;
  _deleted: true;
}

export function movedMarkerIs(doc: Record<string, unknown>): boolean {
  return typeof doc.movedTo === 'string' && typeof doc.dossierId === 'string' && String(doc.id).startsWith('moved:');
}

/** 2: events only, keyed by their own id, checked by the server (1 replicated projections). */
export const syncProtocolVersion = 2;
