import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fileWriteAtomic } from '../fsAtomic.js';
import type { KeyStore } from '../keys/keyStore.js';

// The server refresh token survives restarts so that a workstation signed in offline can sync
// when the network returns. It is sealed with AES-256-GCM under a key derived from the
// workstation key (itself sealed by the OS keychain); it never reaches the renderer.

const stored = z.object({ username: z.string(), sealed: z.string() });

export interface RefreshGrant {
  username: string;
  refreshToken: string;
}

export interface TokenVault {
  load(): Promise<RefreshGrant | null>;
  save(grant: RefreshGrant): Promise<void>;
  clear(): Promise<void>;
}

export function tokenVaultCreate(dataDir: string, keys: KeyStore): TokenVault {
  const path = join(dataDir, 'keys', 'server-refresh.json');
  async function key(): Promise<Buffer> {
    return Buffer.from(hkdfSync('sha256', await keys.personalDataKey(), Buffer.alloc(0), 'motcua refresh token', 32));
  }
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return null;
      }
      try {
        const { username, sealed } = stored.parse(JSON.parse(text));
        const bytes = Buffer.from(sealed, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', await key(), bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        const refreshToken = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
        return { username, refreshToken };
      } catch {
        // A damaged or foreign file is as good as none: the next online sign-in writes a new one.
        return null;
      }
    },
    async save(grant) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await key(), iv);
      const body = Buffer.concat([cipher.update(grant.refreshToken, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
      await fileWriteAtomic(path, JSON.stringify({ username: grant.username, sealed }));
    },
    async clear() {
      await rm(path, { force: true });
    },
  };
}
