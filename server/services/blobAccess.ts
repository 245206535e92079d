import { AppError } from '../../shared/contract/errors.js';
import type { Db, DbQuery } from '../db/db.js';

// Who may read a blob, and who uploaded what (issue 17; tables of migrations 010 and 011).
//
// A unit links a blob when the server accepts a `file-attached` event of one of its dossiers
// (blob_links). Naming a hash is not holding the file, so a link opens the bytes only when they
// were uploaded (or brought by a bundle) by someone acting for that unit, or for a unit the
// dossier was moved away from. Without that, a clerk who learnt another unit's scan hash could
// attach it to a dossier of their own and download it. The answer never depends on whether the
// bytes exist elsewhere in the province.

/** Bytes one person may upload in 24 hours unless the server is configured otherwise. */
export const uploadQuotaBytesPerDayDefault = 4 * 1024 * 1024 * 1024;
const dayMs = 24 * 3600_000;

export type BlobAccess = 'not-linked' | 'linked-unproven' | 'readable';

/** How the caller's units stand to a blob (its presence in the store is not looked at). */
export async function blobAccessOf(db: DbQuery, sha256: string, units: readonly string[]): Promise<BlobAccess> {
  const rows = await db.query<{ proven: boolean }>(
    `SELECT EXISTS (
        SELECT 1 FROM blob_uploads u
         WHERE u.sha256 = l.sha256 AND u.finished_at IS NOT NULL
           AND u.unit_codes && array_append(coalesce(d.moved_from, '{}'::text[]), l.unit_code)
      ) AS proven
       FROM blob_links l LEFT JOIN server_dossiers d ON d.dossier_id = l.dossier_id
      WHERE l.sha256 = $1 AND l.unit_code = ANY($2::text[])`,
    [sha256, [...units]],
  );
  if (rows.length === 0) return 'not-linked';
  return rows.some((r) => r.proven) ? 'readable' : 'linked-unproven';
}

/** Whether this person finished an upload of these bytes (they hold them: HEAD may say so). */
export async function blobUploadedBy(db: DbQuery, sha256: string, username: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 AS x FROM blob_uploads WHERE sha256 = $1 AND username = $2 AND finished_at IS NOT NULL LIMIT 1', [sha256, username]);
  return rows.length > 0;
}

export async function blobUploadOwner(db: DbQuery, uploadId: string): Promise<string | null> {
  const [row] = await db.query<{ username: string }>('SELECT username FROM blob_uploads WHERE upload_id = $1', [uploadId]);
  return row?.username ?? null;
}

/** Refusal of an upload over quota: 413 when it could never fit, 429 when the day's share is used. */
export class UploadQuotaError extends Error {
  readonly status: 413 | 429;
  readonly body: { code: 'too-large' | 'forbidden'; message: string; details: Record<string, unknown> };

  constructor(status: 413 | 429, message: string, details: Record<string, unknown>) {
    super(message);
    this.name = 'UploadQuotaError';
    this.status = status;
    this.body = { code: status === 413 ? 'too-large' : 'forbidden', message, details: { reason: 'upload-quota', ...details } };
  }
}

/**
 * Records an upload as it is created. Its declared size counts against the uploader's quota over
 * the last 24 hours whether the bytes are new to the province or not (so the quota tells nobody
 * what exists), and whether it finishes or not.
 */
export async function blobUploadBegin(
  db: Db,
  input: { uploadId: string; sha256: string; username: string; units: readonly string[]; bytes: number; nowMs: number; quotaBytesPerDay: number },
): Promise<void> {
  if (input.bytes > input.quotaBytesPerDay) {
    throw new UploadQuotaError(413, `a file of ${input.bytes} bytes is larger than the daily upload quota (${input.quotaBytesPerDay})`, { quotaBytes: input.quotaBytesPerDay });
  }
  await db.transaction(async (tx) => {
    if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`upload:${input.username}`]);
    const since = new Date(input.nowMs - dayMs).toISOString();
    const [used] = await tx.query<{ bytes: string | number | null; oldest: Date | string | null }>(
      'SELECT sum(bytes) AS bytes, min(uploaded_at) AS oldest FROM blob_uploads WHERE username = $1 AND uploaded_at > $2::timestamptz',
      [input.username, since],
    );
    const usedBytes = Number(used?.bytes ?? 0);
    if (usedBytes + input.bytes > input.quotaBytesPerDay) {
      const oldest = used?.oldest ? new Date(used.oldest).getTime() : input.nowMs;
      const retryAfterSec = Math.max(1, Math.ceil((oldest + dayMs - input.nowMs) / 1000));
      throw new UploadQuotaError(429, `daily upload quota used (${usedBytes} of ${input.quotaBytesPerDay} bytes); try again later`, {
        quotaBytes: input.quotaBytesPerDay, usedBytes, retryAfterSec,
      });
    }
    await tx.query(
      `INSERT INTO blob_uploads (upload_id, sha256, username, unit_codes, bytes, uploaded_at) VALUES ($1, $2, $3, $4::text[], $5, $6::timestamptz)`,
      [input.uploadId, input.sha256, input.username, [...input.units], input.bytes, new Date(input.nowMs).toISOString()],
    );
  });
}

/** The bytes hashed right and are in the store. */
export async function blobUploadFinish(db: DbQuery, uploadId: string, nowMs: number): Promise<void> {
  await db.query('UPDATE blob_uploads SET finished_at = $2::timestamptz WHERE upload_id = $1 AND finished_at IS NULL', [uploadId, new Date(nowMs).toISOString()]);
}

/**
 * Blobs a bundle brought for its workstation's units: the bundle held the bytes, so those units
 * hold them too. Idempotent per bundle and blob; not counted against anyone's quota.
 */
export async function blobsFromBundleRecord(
  db: DbQuery,
  input: { bundleId: string; workstationId: string; units: readonly string[]; blobs: ReadonlyMap<string, Uint8Array>; nowMs?: number },
): Promise<void> {
  if (input.units.length === 0 || input.blobs.size === 0) return;
  const at = new Date(input.nowMs ?? Date.now()).toISOString();
  const rows = [...input.blobs].map(([sha256, bytes]) => ({ id: `bundle:${input.bundleId}:${sha256}`, sha256, bytes: bytes.byteLength }));
  if (rows.some((r) => !/^[0-9a-f]{64}$/.test(r.sha256))) throw new AppError('validation-failed', 'bundle blob names must be SHA-256');
  await db.query(
    `INSERT INTO blob_uploads (upload_id, sha256, username, unit_codes, bytes, uploaded_at, finished_at)
     SELECT x->>'id', x->>'sha256', $2, $3::text[], (x->>'bytes')::bigint, $4::timestamptz, $4::timestamptz
       FROM jsonb_array_elements($1::text::jsonb) AS x
     ON CONFLICT (upload_id) DO NOTHING`,
    [JSON.stringify(rows), `bundle:${input.workstationId}`, [...input.units], at],
  );
}
