import { createPublicKey } from 'node:crypto';
import { AppError } from '../../shared/contract/errors.js';
import type { BundleTrust } from '../../shared/sync/bundle.js';
import type { DbQuery } from '../db/db.js';
import { nodeBundleCrypto } from './nodeBundleCrypto.js';

// Which workstations' bundles the server accepts, and which bundles it has taken in. Keys are
// registered by provincial IT (`motcua server workstation trust`) or, trust on first use, by the
// workstation's own `workstations` document (`bundlePublicKeyPem`) pushed at its first
// authenticated sync. The tables are created on first use (kept out of the numbered migrations,
// which the server's owner appends to; the lead may fold them into the next migration).

export async function bundleTablesEnsure(db: DbQuery): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS bundle_workstations (
    workstation_id text PRIMARY KEY, public_key text NOT NULL, key_id text NOT NULL,
    units text[], trusted_at timestamptz NOT NULL DEFAULT now())`);
  await db.query(`CREATE TABLE IF NOT EXISTS bundle_imports (
    bundle_id text PRIMARY KEY, workstation_id text NOT NULL, created_at text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(), summary jsonb NOT NULL)`);
}

export function ed25519PemNormalize(pem: string): string {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new AppError('validation-failed', 'public key must be an Ed25519 public key in PEM');
  }
}

/** `units` limits which units' rows the workstation's bundles may carry (null: any unit). */
export async function workstationTrust(db: DbQuery, workstationId: string, pem: string, units: string[] | null = null): Promise<{ keyId: string; replaced: boolean }> {
  if (!/^[\w.:-]{1,128}$/.test(workstationId)) throw new AppError('validation-failed', `bad workstation id "${workstationId.slice(0, 64)}"`);
  const normal = ed25519PemNormalize(pem);
  const keyId = nodeBundleCrypto.keyIdOf(normal);
  await bundleTablesEnsure(db);
  const [before] = await db.query<{ key_id: string }>('SELECT key_id FROM bundle_workstations WHERE workstation_id = $1', [workstationId]);
  await db.query(
    `INSERT INTO bundle_workstations (workstation_id, public_key, key_id, units) VALUES ($1, $2, $3, $4::text[])
     ON CONFLICT (workstation_id) DO UPDATE SET public_key = EXCLUDED.public_key, key_id = EXCLUDED.key_id, units = EXCLUDED.units, trusted_at = now()`,
    [workstationId, normal, keyId, units],
  );
  return { keyId, replaced: before !== undefined && before.key_id !== keyId };
}

/** `MOTCUA_BUNDLE_SECRETS="<id>=<base64>[,<id>=<base64>…]"`: every province secret still in use. */
export function bundleSecretsParse(text: string | undefined, varName: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (!text) throw new AppError('not-configured', `${varName} is empty: set it to <id>=<base64 key>[,…]`);
  for (const part of text.split(',')) {
    const m = /^\s*([\w.-]{1,64})=([A-Za-z0-9+/=_-]+)\s*$/.exec(part);
    const key = m ? Buffer.from(m[2] as string, 'base64') : undefined;
    if (!m || !key || key.length < 32) throw new AppError('validation-failed', `${varName}: each entry is <id>=<base64 of at least 32 bytes>`);
    out.set(m[1] as string, key);
  }
  return out;
}

export interface ServerBundleTrust extends BundleTrust {
  /** Units whose rows the workstation may bring; null = any. */
  unitsOf(workstationId: string): readonly string[] | null;
}

export async function bundleTrustLoad(db: DbQuery, secrets: Map<string, Uint8Array>): Promise<ServerBundleTrust> {
  await bundleTablesEnsure(db);
  const keys = new Map<string, { pem: string; units: string[] | null }>();
  // Trust on first use: the key a workstation pushed with its own document speaks for its unit only.
  const firstSync = await db.query<{ id: string; pem: string; unit_code: string }>(
    `SELECT id, unit_code, doc->>'bundlePublicKeyPem' AS pem FROM sync_docs WHERE collection = 'workstations' AND NOT deleted AND doc ? 'bundlePublicKeyPem'`,
  );
  for (const r of firstSync) if (typeof r.pem === 'string') keys.set(r.id, { pem: r.pem, units: [r.unit_code] });
  // Keys registered by provincial IT win over self-registered ones.
  for (const r of await db.query<{ workstation_id: string; public_key: string; units: string[] | null }>('SELECT workstation_id, public_key, units FROM bundle_workstations')) {
    keys.set(r.workstation_id, { pem: r.public_key, units: r.units });
  }
  return { publicKeyOf: (id) => keys.get(id)?.pem, secretOf: (id) => secrets.get(id), unitsOf: (id) => keys.get(id)?.units ?? null };
}
