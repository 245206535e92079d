import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/contract/errors.js';
import { BundleRefused, bundleOpen } from '../../shared/sync/bundle.js';
import type { Db } from '../db/db.js';
import { blobsFromBundleRecord } from '../services/blobAccess.js';
import type { BlobStore } from '../services/blobStore.js';
import { eventsAccept, filesAccept, type Sender } from '../services/eventAccept.js';
import { statusMappingCurrent } from '../services/syncStore.js';
import { nodeBundleCrypto } from './nodeBundleCrypto.js';
import { bundleTrustLoad } from './trustStore.js';

// Takes a bundle into the server store through exactly the check a push goes through
// (server/services/eventAccept.ts): the bundle speaks for its enrolled workstation, as a clerk of
// that workstation's units; every event and file record is decided on its own against the
// server's state. Dossier rows a bundle may carry are not read: the server derives them. Blobs are
// stored by hash. Importing the same bundle again, or an older one, writes nothing new.

export interface CollectionCounts {
  written: number;
  same: number;
  rejected: number;
}

export interface ServerBundleImport {
  bundleId: string;
  workstationId: string;
  alreadyImported: boolean;
  written: number;
  counts: { events: CollectionCounts; files: CollectionCounts };
  rejected: Array<{ collection: 'events' | 'files'; id: string | null; code: string; reason: string }>;
  blobsStored: number;
  blobsPresent: number;
}

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
  const allowedUnits = trust.unitsOf(header.workstationId) ?? [];
  if (allowedUnits.length === 0) {
    throw new AppError('bundle-untrusted', `workstation ${header.workstationId} is not enrolled for any unit`, { workstationId: header.workstationId });
  }
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
  await blobsFromBundleRecord(db, { bundleId: header.bundleId, workstationId: header.workstationId, units: allowedUnits, blobs: opened.blobs });

  const sender: Sender = { name: `bundle:${header.workstationId}`, role: 'clerk', units: allowedUnits };
  const counts = { events: { written: 0, same: 0, rejected: 0 }, files: { written: 0, same: 0, rejected: 0 } };
  const rejected: ServerBundleImport['rejected'] = [];
  const rowsOf = (c: string): unknown[] => (manifest.rows as Record<string, unknown[] | undefined>)[c] ?? [];
  await db.transaction(async (tx) => {
    for (const collection of ['events', 'files'] as const) {
      const rows = rowsOf(collection);
      if (rows.length === 0) continue;
      if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sync:${collection}`]);
      const result = collection === 'events'
        ? await eventsAccept(tx, sender, rows, { nowIso: new Date().toISOString(), mapping: await statusMappingCurrent(tx) })
        : await filesAccept(tx, sender, rows);
      counts[collection] = { written: result.written, same: result.same, rejected: result.rejected.length };
      for (const r of result.rejected) rejected.push({ collection, id: r.id, code: r.code, reason: r.reason });
    }
    if (!seen) {
      await tx.query('INSERT INTO bundle_imports (bundle_id, workstation_id, created_at, summary) VALUES ($1, $2, $3, $4::text::jsonb)', [
        header.bundleId, header.workstationId, header.createdAt, JSON.stringify({ counts, blobsStored }),
      ]);
    }
  });
  const written = counts.events.written + counts.files.written;
  return { bundleId: header.bundleId, workstationId: header.workstationId, alreadyImported: seen !== undefined, written, counts, rejected, blobsStored, blobsPresent };
}
