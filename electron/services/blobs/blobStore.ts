import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import { fileWriteAtomic } from '../fsAtomic.js';

// Content-addressed file store (architecture decision 8): scans, PDFs and attachments are kept
// by SHA-256 under dataDir/blobs/ab/<sha>. The same bytes are stored once; a write is atomic, so
// a crash never leaves half a file under a valid name.

export const sha256Re = /^[0-9a-f]{64}$/;

export interface BlobStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  pathOf(sha256: string): string;
}

export function blobStoreCreate(root: string): BlobStore {
  const pathOf = (sha256: string): string => {
    if (!sha256Re.test(sha256)) throw new AppError('validation-failed', `Mã băm không hợp lệ: ${sha256}`, { field: 'sha256' });
    return join(root, sha256.slice(0, 2), sha256);
  };
  const has = async (sha256: string): Promise<boolean> => {
    try {
      await access(pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  };
  return {
    pathOf,
    has,
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (!(await has(sha256))) await fileWriteAtomic(pathOf(sha256), bytes);
      return { sha256, size: bytes.byteLength };
    },
    async get(sha256) {
      try {
        return await readFile(pathOf(sha256));
      } catch {
        throw new AppError('not-found', `Không có tệp ${sha256}`, { sha256 });
      }
    },
  };
}
