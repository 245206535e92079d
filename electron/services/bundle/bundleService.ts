import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { BundleRefused, bundleOpen, bundleSeal, type BundleManifest, type BundleRows } from '../../../shared/sync/bundle.js';
import type { BlobStore } from '../blobs/blobStore.js';
import { fileWriteAtomic } from '../fsAtomic.js';
import type { BundleKeys } from './bundleKeys.js';
import { nodeBundleCrypto } from './nodeBundleCrypto.js';

// Export and import of sync bundles on a workstation (or the supervisor's PC). The renderer owns
// the rows (RxDB): it hands them over for export and upserts what an import returns, with the
// merge rule of shared/sync/bundle.ts (bundleRowDecide), so a second import changes nothing.

export interface BundleServiceDeps {
  dataDir: string;
  blobs: BlobStore;
  keys: BundleKeys;
  nowIso: () => string;
}

export interface BundleImportResult {
  bundleId: string;
  workstationId: string;
  createdAt: string;
  rows: BundleRows;
  blobsStored: number;
  blobsPresent: number;
  alreadyImported: boolean;
}

export interface BundleService {
  export(input: { rows: BundleRows; blobHashes: string[]; path?: string | undefined }): Promise<{ path: string; bundleId: string; bytes: number }>;
  import(path: string): Promise<BundleImportResult>;
}

const ledgerSchema = z.record(z.string(), z.object({ workstationId: z.string(), importedAt: z.string() }));

export function bundleRefusalToApp(err: unknown): never {
  if (err instanceof BundleRefused) throw new AppError(err.code, err.message, err.details);
  throw err;
}

export function bundleServiceCreate(deps: BundleServiceDeps): BundleService {
  const ledgerPath = join(deps.dataDir, 'bundles', 'imported.json');
  const ledger = async () => {
    try {
      return ledgerSchema.parse(JSON.parse(await readFile(ledgerPath, 'utf8')));
    } catch {
      return {};
    }
  };
  return {
    async export({ rows, blobHashes, path }) {
      const signer = await deps.keys.signer();
      const secret = await deps.keys.currentSecret();
      const blobs: BundleManifest['blobs'] = [];
      const bytesOf = new Map<string, Buffer>();
      for (const sha256 of new Set(blobHashes)) {
        const bytes = await deps.blobs.get(sha256);
        bytesOf.set(sha256, bytes);
        blobs.push({ sha256, size: bytes.length });
      }
      const createdAt = deps.nowIso();
      const sealed = (() => {
        try {
          return bundleSeal(nodeBundleCrypto, {
            manifest: { rows, blobs },
            blobBytes: (sha) => bytesOf.get(sha) ?? new Uint8Array(),
            signer,
            secret,
            createdAt,
          });
        } catch (err) {
          if (err instanceof z.ZodError) throw new AppError('validation-failed', `Dữ liệu gói không hợp lệ: ${err.issues[0]?.path.join('.') ?? ''} ${err.issues[0]?.message ?? ''}`);
          return bundleRefusalToApp(err);
        }
      })();
      const stamp = createdAt.replace(/\D/g, '').slice(0, 14);
      const target = path ?? join(deps.dataDir, 'bundles', `${signer.workstationId}-${stamp}-${sealed.header.bundleId.slice(0, 8)}.mcb`);
      await fileWriteAtomic(target, sealed.bytes);
      return { path: target, bundleId: sealed.header.bundleId, bytes: sealed.bytes.length };
    },
    async import(path) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        throw new AppError('not-found', `Không đọc được tệp gói ${path}`, { path });
      }
      const trust = await deps.keys.trust();
      let opened: ReturnType<typeof bundleOpen>;
      try {
        opened = bundleOpen(nodeBundleCrypto, bytes, trust);
      } catch (err) {
        return bundleRefusalToApp(err);
      }
      let blobsStored = 0;
      let blobsPresent = 0;
      for (const [sha256, blob] of opened.blobs) {
        if (await deps.blobs.has(sha256)) blobsPresent++;
        else {
          await deps.blobs.put(blob);
          blobsStored++;
        }
      }
      const seen = await ledger();
      const { bundleId, workstationId, createdAt } = opened.header;
      const alreadyImported = seen[bundleId] !== undefined;
      if (!alreadyImported) await fileWriteAtomic(ledgerPath, JSON.stringify({ ...seen, [bundleId]: { workstationId, importedAt: deps.nowIso() } }, null, 2));
      return { bundleId, workstationId, createdAt, rows: opened.manifest.rows, blobsStored, blobsPresent, alreadyImported };
    },
  };
}
