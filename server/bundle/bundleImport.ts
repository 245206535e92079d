import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/contract/errors.js';
import { BundleRefused, bundleCollections, bundleOpen, bundleRowDecide, type BundleCollection, type BundleDecision } from '../../shared/sync/bundle.js';
import type { Db } from '../db/db.js';
import type { BlobStore } from '../services/blobStore.js';
import { syncDocsWrite } from '../services/syncStore.js';
import { syncCollectionSchemas, syncDocMaxBytes, type SyncDoc } from '../services/syncWire.js';
import { nodeBundleCrypto } from './nodeBundleCrypto.js';
import { bundleTrustLoad } from './trustStore.js';

// Takes a bundle into the server store: the same rows the sync endpoints would have received,
// merged by revision (shared/sync/bundle.ts bundleRowDecide), blobs by hash. Importing the same
// bundle again, or an older one, writes nothing.

export type CollectionCounts = Record<BundleDecision | 'rejected', number>;

export interface ServerBundleImport {
  bundleId: string;
  workstationId: string;
  alreadyImported: boolean;
  written: number;
  counts: Record<BundleCollection, CollectionCounts>;
  rejected: Array<{ collection: BundleCollection; id: string | null; reason: string }>;
  blobsStored: number;
  blobsPresent: number;
}

const localFields = new Set(['_meta', '_rev', '_attachments']);

export async function bundleImportServer(
  db: Db,
  blobs: BlobStore,
  bytes: Uint8Array,
  options: { secrets: Map<string, Uint8Array>; tmpDir: string },
): Promise<ServerBundleImport> {
  const trust = await bundleTrustLoad(db, options.secrets);
  let opened: ReturnType<typeof bundleOpen>;
  try {
    opened = bundleOpen(nodeBundleCrypto, bytes, trust);
  } catch (err) {
    if (err instanceof BundleRefused) throw new AppError(err.code, err.message, err.details);
    throw err;
  }
  const { header, manifest } = opened;
  const allowedUnits = trust.unitsOf(header.workstationId);
  const [seen] = await db.query('SELECT 1 AS x FROM bundle_imports WHERE bundle_id = $1', [header.bundleId]);

  let blobsStored = 0;
  let blobsPresent = 0;
  for (const [sha256, blob] of opened.blobs) {
    if (await blobs.has(sha256)) {
      blobsPresent++;
      continue;
    }
    const tmp = join(options.tmpDir, `bundle-${randomBytes(8).toString('hex')}`);
    await writeFile(tmp, blob);
    try {
      await blobs.putFile(sha256, tmp);
    } finally {
      await rm(tmp, { force: true });
    }
    blobsStored++;
  }

  const zero = (): CollectionCounts => ({ insert: 0, replace: 0, same: 0, stale: 0, conflict: 0, rejected: 0 });
  const counts = { dossiers: zero(), events: zero(), files: zero() };
  const rejected: ServerBundleImport['rejected'] = [];
  let written = 0;
  await db.transaction(async (tx) => {
    for (const collection of bundleCollections) {
      if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sync:${collection}`]);
      const valid: SyncDoc[] = [];
      for (const raw of manifest.rows[collection]) {
        if (allowedUnits !== null && !allowedUnits.includes(raw.unitCode)) {
          counts[collection].rejected++;
          rejected.push({ collection, id: raw.id, reason: `unit ${raw.unitCode.slice(0, 64)} is not one of ${header.workstationId}'s units` });
          continue;
        }
        const doc = Object.fromEntries(Object.entries({ _deleted: false, ...raw }).filter(([k]) => !localFields.has(k)));
        const parsed = syncCollectionSchemas[collection].safeParse(doc);
        const reason = parsed.success
          ? Buffer.byteLength(JSON.stringify(parsed.data)) > syncDocMaxBytes ? `larger than ${syncDocMaxBytes} bytes` : null
          : `${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
        if (!parsed.success || reason !== null) {
          counts[collection].rejected++;
          rejected.push({ collection, id: typeof raw.id === 'string' ? raw.id : null, reason: reason ?? 'invalid' });
          continue;
        }
        valid.push(parsed.data);
      }
      if (valid.length === 0) continue;
      const stored = await tx.query<{ id: string; doc: SyncDoc }>(
        'SELECT id, doc FROM sync_docs WHERE collection = $1 AND id = ANY($2::text[])',
        [collection, valid.map((d) => d.id)],
      );
      const current = new Map(stored.map((r) => [r.id, r.doc as Record<string, unknown>]));
      const writes: SyncDoc[] = [];
      for (const doc of valid) {
        const decision = bundleRowDecide(collection, current.get(doc.id), doc);
        counts[collection][decision]++;
        if (decision === 'insert' || decision === 'replace') writes.push(doc);
      }
      if (writes.length === 0) continue;
      await syncDocsWrite(tx, collection, writes);
      written += writes.length;
    }
    if (!seen) {
      await tx.query('INSERT INTO bundle_imports (bundle_id, workstation_id, created_at, summary) VALUES ($1, $2, $3, $4::text::jsonb)', [
        header.bundleId, header.workstationId, header.createdAt, JSON.stringify({ counts, blobsStored }),
      ]);
    }
  });
  return { bundleId: header.bundleId, workstationId: header.workstationId, alreadyImported: seen !== undefined, written, counts, rejected, blobsStored, blobsPresent };
}
