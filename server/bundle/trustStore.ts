import { createPublicKey } from 'node:crypto';
import { AppError } from '../../shared/contract/errors.js';
import type { BundleTrust } from '../../shared/sync/bundle.js';
import type { DbQuery } from '../db/db.js';
import { nodeBundleCrypto } from './nodeBundleCrypto.js';

// Which workstations' bundles the server accepts. A key is trusted when an admin of its unit
// approved the workstation's enrolment (server/services/workstationEnrol.ts), or when provincial IT
// registered it for named units (`motcua server workstation trust --units`). Nothing a workstation
// pushes or asks for by itself sets a trusted key (issue 17: trust on first use is gone). The tables
// are made by migration 011.

export function ed25519PemNormalize(pem: string): string {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new AppError('validation-failed', 'public key must be an Ed25519 public key in PEM');
  }
}

/** Provincial IT registers a key for the units whose rows the workstation's bundles may carry. */
export async function workstationTrust(db: DbQuery, workstationId: string, pem: string, units: readonly string[]): Promise<{ keyId: string; replaced: boolean }> {
  if (!/^[\w.:-]{1,128}$/.test(workstationId)) throw new AppError('validation-failed', `bad workstation id "${workstationId.slice(0, 64)}"`);
  if (units.length === 0 || units.some((u) => !/^[A-Za-z0-9._-]{1,64}$/.test(u))) {
    throw new AppError('validation-failed', 'a trusted workstation speaks for named units: give at least one unit code');
  }
  const normal = ed25519PemNormalize(pem);
  const keyId = nodeBundleCrypto.keyIdOf(normal);
  const [before] = await db.query<{ key_id: string }>('SELECT key_id FROM bundle_workstations WHERE workstation_id = $1', [workstationId]);
  await db.query(
    `INSERT INTO bundle_workstations (workstation_id, public_key, key_id, units) VALUES ($1, $2, $3, $4::text[])
     ON CONFLICT (workstation_id) DO UPDATE SET public_key = EXCLUDED.public_key, key_id = EXCLUDED.key_id, units = EXCLUDED.units, trusted_at = now()`,
    [workstationId, normal, keyId, [...new Set(units)]],
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
  const keys = new Map<string, { pem: string; units: string[] | null }>();
  // An approved enrolment speaks for its one unit.
  for (const r of await db.query<{ workstation_id: string; public_key: string; unit_code: string }>(
    `SELECT workstation_id, public_key, unit_code FROM workstation_enrolments WHERE status = 'approved'`,
  )) keys.set(r.workstation_id, { pem: r.public_key, units: [r.unit_code] });
  // Keys registered by provincial IT win over enrolments.
  for (const r of await db.query<{ workstation_id: string; public_key: string; units: string[] | null }>('SELECT workstation_id, public_key, units FROM bundle_workstations')) {
    keys.set(r.workstation_id, { pem: r.public_key, units: r.units });
  }
  return { publicKeyOf: (id) => keys.get(id)?.pem, secretOf: (id) => secrets.get(id), unitsOf: (id) => keys.get(id)?.units ?? null };
}
