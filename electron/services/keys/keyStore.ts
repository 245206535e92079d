import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import { fileWriteAtomic } from '../fsAtomic.js';

// Secrets of the workstation (the key that encrypts personal data at rest). In Electron the key
// file is itself encrypted with the OS keychain (safeStorage: DPAPI, Keychain, libsecret); the
// browser host, used for development and tests, keeps a plain key file readable only by its user.

export interface SecretSealer {
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

export const plainSealer: SecretSealer = { seal: (b) => b, open: (b) => b };

export interface KeyStore {
  /** 32 random bytes made on first use and kept for the life of the workstation. */
  personalDataKey(): Promise<Buffer>;
}

export function keyStoreCreate(dataDir: string, sealer: SecretSealer = plainSealer): KeyStore {
  const path = join(dataDir, 'keys', 'personal.key');
  let cached: Promise<Buffer> | null = null;
  async function load(): Promise<Buffer> {
    try {
      const key = sealer.open(await readFile(path));
      if (key.length !== 32) throw new AppError('internal', `Khoá dữ liệu cá nhân hỏng (${path})`);
      return key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const key = randomBytes(32);
      await fileWriteAtomic(path, sealer.seal(key));
      return key;
    }
  }
  return {
    personalDataKey() {
      cached ??= load().catch((err: unknown) => {
        cached = null;
        throw err;
      });
      return cached;
    },
  };
}
