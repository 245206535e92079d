import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import {
  syncCollectionSchemas,
  syncDocMaxBytes,
  type SyncCheckpoint,
  type SyncCollection,
  type SyncDoc,
  type SyncPullResponse,
  type SyncPushResponse,
  type SyncRejectedRow,
} from './syncWire.js';

// The server half of RxDB's replication protocol over the sync_docs table (docs/spec/sync.md).

export const syncNotifyChannel = 'motcua_sync';

/** Fields RxDB keeps per replica; they never reach the master. */
const localFields = ['_meta', '_rev', '_attachments'];

export function docCanonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function docStrip(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !localFields.includes(k)));
}

export async function syncPull(
  db: Db,
  collection: SyncCollection,
  units: readonly string[],
  checkpoint: SyncCheckpoint | null,
  limit: number,
): Promise<SyncPullResponse> {
  const rows = await db.query<{ doc: SyncDoc; seq: string | number }>(
    `SELECT doc, seq FROM sync_docs
      WHERE collection = $1 AND unit_code = ANY($2::text[]) AND seq > $3
      ORDER BY seq LIMIT $4`,
    [collection, [...units], checkpoint?.seq ?? 0, limit],
  );
  const last = rows.at(-1);
  return {
    documents: rows.map((r) => r.doc),
    checkpoint: last ? { seq: Number(last.seq) } : checkpoint,
  };
}

interface Candidate {
  doc: SyncDoc;
  assumed: unknown;
}

/**
 * Applies one pushed batch. Rows failing validation come back in `rejected` and are not
 * written. A row for a unit the caller may not act for (in the new state, or the stored one)
 * refuses the whole batch with `forbidden`. Everything else is decided per row: identical to
 * the stored state → nothing happens (a retried push after a lost answer); stored state differs
 * from the assumed one, or an event would change → conflict; otherwise written with a new seq.
 */
export async function syncPush(
  db: Db,
  collection: SyncCollection,
  units: readonly string[],
  rows: ReadonlyArray<{ newDocumentState: unknown; assumedMasterState?: unknown }>,
): Promise<SyncPushResponse & { written: number }> {
  const schema = syncCollectionSchemas[collection];
  const allowed = new Set(units);
  // Another unit's row refuses the whole push, even when the row is invalid besides.
  for (const row of rows) {
    const unitCode = (row.newDocumentState as { unitCode?: unknown } | null)?.unitCode;
    if (typeof unitCode === 'string' && !allowed.has(unitCode)) {
      throw new AppError('forbidden', `a document belongs to unit ${unitCode.slice(0, 64)}`, { unitCode: unitCode.slice(0, 64) });
    }
  }
  const rejected: SyncRejectedRow[] = [];
  const candidates: Candidate[] = [];
  rows.forEach((row, index) => {
    const raw = docStrip(row.newDocumentState);
    const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? String((raw as { id: string }).id) : null;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({ index, id, code: 'sync-rejected', reason: `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    if (Buffer.byteLength(JSON.stringify(parsed.data)) > syncDocMaxBytes) {
      rejected.push({ index, id, code: 'sync-rejected', reason: `document larger than ${syncDocMaxBytes} bytes` });
      return;
    }
    const assumed = row.assumedMasterState === undefined || row.assumedMasterState === null ? undefined : docStrip(row.assumedMasterState);
    candidates.push({ doc: parsed.data, assumed });
  });
  if (candidates.length === 0) return { conflicts: [], rejected, written: 0 };

  const result = await db.transaction(async (tx) => {
    // Serialises writers of a collection so that commit order equals seq order (see 002_sync).
    // PGlite is one connection whose transactions already run one at a time.
    if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sync:${collection}`]);
    const ids = [...new Set(candidates.map((c) => c.doc.id))];
    const stored = await tx.query<{ id: string; unit_code: string; doc: SyncDoc }>(
      'SELECT id, unit_code, doc FROM sync_docs WHERE collection = $1 AND id = ANY($2::text[])',
      [collection, ids],
    );
    const current = new Map<string, SyncDoc>();
    for (const row of stored) {
      if (!allowed.has(row.unit_code)) {
        throw new AppError('forbidden', `document ${row.id} belongs to unit ${row.unit_code}`, { id: row.id });
      }
      current.set(row.id, row.doc);
    }
    const conflicts = new Map<string, SyncDoc>();
    const writes = new Map<string, SyncDoc>();
    for (const { doc, assumed } of candidates) {
      const cur = current.get(doc.id);
      if (cur !== undefined) {
        const curText = docCanonical(cur);
        if (curText === docCanonical(doc)) continue;
        // Events are immutable (append-only log): any change to a stored one is a conflict.
        if (collection === 'events' || assumed === undefined || docCanonical(assumed) !== curText) {
          conflicts.set(doc.id, cur);
          continue;
        }
      }
      current.set(doc.id, doc);
      writes.set(doc.id, doc);
    }
    if (writes.size > 0) {
      await syncDocsWrite(tx, collection, [...writes.values()]);
    }
    return { conflicts: [...conflicts.values()], written: writes.size };
  });
  return { conflicts: result.conflicts, rejected, written: result.written };
}

/**
 * Writes rows with a fresh sequence number each, and queues the live-stream NOTIFY in the same
 * statement (delivered at commit). Shared by pushes and bundle imports.
 */
export async function syncDocsWrite(tx: Pick<Db, 'query'>, collection: string, docs: readonly SyncDoc[]): Promise<void> {
  if (docs.length === 0) return;
  const touched = [...new Set(docs.map((d) => d.unitCode))];
  await tx.query(
    `WITH written AS (
       INSERT INTO sync_docs (collection, id, unit_code, doc, deleted)
       SELECT $1, x->>'id', x->>'unitCode', x, (x->>'_deleted')::boolean
         FROM jsonb_array_elements($2::text::jsonb) AS x
       ON CONFLICT (collection, id) DO UPDATE
         SET unit_code = EXCLUDED.unit_code, doc = EXCLUDED.doc, deleted = EXCLUDED.deleted,
             seq = nextval('sync_seq'), written_at = now()
       RETURNING 1)
     SELECT pg_notify($3, $4) FROM (SELECT count(*) FROM written) AS n`,
    [collection, JSON.stringify(docs), syncNotifyChannel, JSON.stringify({ c: collection, u: touched })],
  );
}
