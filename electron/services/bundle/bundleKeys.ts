import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import type { BundleSecret, BundleSigner, BundleTrust } from '../../../shared/sync/bundle.js';
import { fileWriteAtomic } from '../fsAtomic.js';
import { plainSealer, type SecretSealer } from '../keys/keyStore.js';

// Keys of the bundle format, next to the personal-data key (keys/): the workstation's Ed25519
// signing key (made on first use, sealed like personal.key), the province bundle secrets (given
// by provincial IT at setup, sealed) and the public keys of workstations this PC trusts.

export interface BundleKeys {
  signer(): Promise<BundleSigner>;
  /** The secret new bundles are encrypted with (the last one set). */
  currentSecret(): Promise<BundleSecret>;
  secretSet(id: string, keyBase64: string): Promise<void>;
  trust(): Promise<BundleTrust>;
  trustAdd(workstationId: string, publicKeyPem: string): Promise<void>;
}

const secretsSchema = z.object({ current: z.string(), secrets: z.record(z.string(), z.string()) });
const trustedSchema = z.record(z.string(), z.string());

async function readOr<T>(path: string, fallback: T, parse: (b: Buffer) => T): Promise<T> {
  try {
    return parse(await readFile(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw new AppError('settings-corrupt', `Không đọc được ${path}`, { path });
  }
}

export function pemPublicCheck(pem: string): string {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new AppError('validation-failed', 'Khoá công khai phải là khoá Ed25519 dạng PEM', { field: 'publicKeyPem' });
  }
}

export function bundleKeysCreate(dataDir: string, workstationId: string, sealer: SecretSealer = plainSealer): BundleKeys {
  const dir = join(dataDir, 'keys');
  const signingPath = join(dir, 'signing.key');
  const secretsPath = join(dir, 'bundle-secrets');
  const trustedPath = join(dir, 'trusted-workstations.json');
  let signerCache: Promise<BundleSigner> | null = null;

  async function signerLoad(): Promise<BundleSigner> {
    let pkcs8 = await readOr<Buffer | null>(signingPath, null, (b) => sealer.open(b));
    if (pkcs8 === null) {
      const { privateKey } = generateKeyPairSync('ed25519');
      pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
      await fileWriteAtomic(signingPath, sealer.seal(pkcs8));
    }
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    return { workstationId, publicKeyPem, sign: (data) => sign(null, data, privateKey) };
  }
  const secrets = () => readOr(secretsPath, { current: '', secrets: {} }, (b) => secretsSchema.parse(JSON.parse(sealer.open(b).toString('utf8'))));
  const trusted = () => readOr<Record<string, string>>(trustedPath, {}, (b) => trustedSchema.parse(JSON.parse(b.toString('utf8'))));

  return {
    signer() {
      signerCache ??= signerLoad().catch((err: unknown) => {
        signerCache = null;
        throw err;
      });
      return signerCache;
    },
    async currentSecret() {
      const s = await secrets();
      const key = s.secrets[s.current];
      if (key === undefined) throw new AppError('not-configured', 'Chưa cài khoá gói đồng bộ của tỉnh', {});
      return { id: s.current, key: Buffer.from(key, 'base64') };
    },
    async secretSet(id, keyBase64) {
      if (!/^[\w.-]{1,64}$/.test(id)) throw new AppError('validation-failed', 'Mã khoá tỉnh không hợp lệ', { field: 'id' });
      if (Buffer.from(keyBase64, 'base64').length < 32) throw new AppError('validation-failed', 'Khoá tỉnh phải có ít nhất 32 byte', { field: 'key' });
      const s = await secrets();
      const next = { current: id, secrets: { ...s.secrets, [id]: keyBase64 } };
      await fileWriteAtomic(secretsPath, sealer.seal(Buffer.from(JSON.stringify(next), 'utf8')));
    },
    async trust() {
      const [own, list, s] = await Promise.all([this.signer(), trusted(), secrets()]);
      // A workstation always trusts itself (re-importing its own bundle is harmless).
      const keys: Record<string, string> = { ...list, [own.workstationId]: own.publicKeyPem };
      return {
        publicKeyOf: (id) => keys[id],
        secretOf: (id) => (s.secrets[id] === undefined ? undefined : Buffer.from(s.secrets[id], 'base64')),
      };
    },
    async trustAdd(id, pem) {
      const list = await trusted();
      await fileWriteAtomic(trustedPath, Buffer.from(JSON.stringify({ ...list, [id]: pemPublicCheck(pem) }, null, 2), 'utf8'));
    },
  };
}
