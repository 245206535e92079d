import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { defaultStatusMapping, statusMappingPackSchema, type StatusMappingPack } from '../../shared/domain/rulepacks/statusMappingPack.js';
import { eventsAccept, filesAccept, type Sender } from './eventAccept.js';
import {
  type SyncCheckpoint,
  type SyncCollection,
  type SyncDoc,
  type SyncPullResponse,
  type SyncPushResponse,
} from './syncWire.js';

// The server half of RxDB's replication protocol over the sync_docs table (docs/spec/sync.md).

export const syncNotifyChannel = 'motcua_sync';

export function docCanonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export async function syncPull(
  db: Db,
  collection: SyncCollection,
  units: readonly string[],
  checkpoint: SyncCheckpoint | null,
  limit: number,
): Promise<SyncPullResponse> {
  if (checkpoint && checkpoint.seq > 0) {
    // A checkpoint beyond anything this server wrote: it was restored from a backup (or another
    // server answered before). The client must start again from nothing, or it would miss rows.
    const [top] = await db.query<{ last_value: string | number; is_called: boolean }>('SELECT last_value, is_called FROM sync_seq');
    const serverSeq = top?.is_called ? Number(top.last_value) : 0;
    if (checkpoint.seq > serverSeq) {
      throw new AppError('conflict', `checkpoint ${checkpoint.seq} is ahead of the server (${serverSeq}): pull again from the start`, { reason: 'checkpoint-ahead', serverSeq });
    }
  }
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

/**
 * Applies one pushed batch. Every row is checked on its own (eventAccept.ts): a refused row comes
 * back in `rejected` with a stable code and the rest is stored, so one bad row never blocks a
 * workstation's queue. `dossiers` is derived by the server and pull-only. `conflicts` stays in the
 * answer for RxDB's push contract and is always empty: events never conflict.
 */
export async function syncPush(
  db: Db,
  collection: SyncCollection,
  sender: Sender,
  rows: ReadonlyArray<{ newDocumentState: unknown; assumedMasterState?: unknown }>,
  nowIso: string = new Date().toISOString(),
): Promise<SyncPushResponse & { written: number }> {
  const docs = rows.map((r) => r.newDocumentState);
  if (collection === 'dossiers') {
    const rejected = docs.map((d, index) => ({
      index,
      id: typeof (d as { id?: unknown } | null)?.id === 'string' ? String((d as { id: string }).id).slice(0, 160) : null,
      code: 'not-replicated' as const,
      reason: 'hồ sơ do máy chủ tính từ các sự kiện; máy trạm chỉ gửi sự kiện',
    }));
    return { conflicts: [], rejected, written: 0 };
  }
  const result = await db.transaction(async (tx) => {
    // Serialises writers of a collection so that commit order equals seq order (see 002_sync),
    // and positions within a dossier are handed out one writer at a time.
    // PGlite is one connection whose transactions already run one at a time.
    if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sync:${collection}`]);
    if (collection === 'files') return filesAccept(tx, sender, docs);
    return eventsAccept(tx, sender, docs, { nowIso, mapping: await statusMappingCurrent(tx) });
  });
  return { conflicts: [], rejected: result.rejected, written: result.written };
}

/** The status mapping pack in force (the newest imported), or the built-in one. */
export async function statusMappingCurrent(tx: Pick<Db, 'query'>): Promise<StatusMappingPack> {
  const [row] = await tx.query<{ body: unknown }>(
    `SELECT body FROM rule_packs WHERE kind = 'status-mapping' AND effective_from <= now() ORDER BY effective_from DESC, rev DESC LIMIT 1`,
  );
  const parsed = row ? statusMappingPackSchema.safeParse(row.body) : null;
  return parsed?.success ? parsed.data : defaultStatusMapping;
}

/**
 * Writes rows of one or more collections in one statement, each with a fresh sequence number,
 * and queues one live-stream NOTIFY per collection in the same statement (delivered at commit).
 * Shared by pushes, bundle imports and the server's derived dossiers.
 */
export async function syncRowsWrite(tx: Pick<Db, 'query'>, parts: ReadonlyArray<{ collection: string; docs: readonly Record<string, unknown>[] }>): Promise<void> {
  const live = parts.filter((p) => p.docs.length > 0);
  if (live.length === 0) return;
  const rows = live.flatMap((p) => p.docs.map((d) => [p.collection, String(d.id), String(d.unitCode), JSON.stringify(d), d._deleted === true] as const));
  const notices = live.map((p) => JSON.stringify({ c: p.collection, u: [...new Set(p.docs.map((d) => String(d.unitCode)))] }));
  // Columns as arrays (unnest): each document is parsed once, straight into its row.
  await tx.query(
    `WITH written AS (
       INSERT INTO sync_docs (collection, id, unit_code, doc, deleted)
       SELECT c, i, u, d::jsonb, x FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[]) AS t(c, i, u, d, x)
       ON CONFLICT (collection, id) DO UPDATE
         SET unit_code = EXCLUDED.unit_code, doc = EXCLUDED.doc, deleted = EXCLUDED.deleted,
             seq = nextval('sync_seq'), written_at = now()
       RETURNING 1)
     SELECT pg_notify($6, n) FROM (SELECT count(*) FROM written) AS w, unnest($7::text[]) AS n`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4]), syncNotifyChannel, notices],
  );
}

export async function syncDocsWrite(tx: Pick<Db, 'query'>, collection: string, docs: readonly Record<string, unknown>[]): Promise<void> {
  await syncRowsWrite(tx, [{ collection, docs }]);
}
