import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { bundleKeysCreate } from '../bundle/bundleKeys.js';
import { fileWriteAtomic } from '../fsAtomic.js';
import type { SecretSealer } from '../keys/keyStore.js';
import type { SyncClient } from './syncClient.js';

// Workstation enrolment (docs/spec/sync.md, "Workstation enrolment"): the server trusts this PC's
// bundle-signing key only after an admin of its unit approves the enrolment. The workstation asks
// with its id, name, unit and public key, and asks again (idempotent on the server) until the
// answer says approved; then it stays quiet until its key, unit or name changes. Best effort: a
// server that is away, or a signed-in person who may not enrol (an admin), just means "later".

export interface WorkstationIdentity {
  workstationId: string;
  name: string;
  unitCode: string;
  publicKeyPem: string;
}

export type EnrolState = 'approved' | 'pending' | 'not-now';

const stateSchema = z.object({ fingerprint: z.string(), status: z.enum(['pending', 'approved']) });
const answerSchema = z.object({ enrolment: z.object({ status: z.enum(['pending', 'approved']) }) });

function fingerprintOf(id: WorkstationIdentity): string {
  return createHash('sha256').update(JSON.stringify([id.workstationId, id.name, id.unitCode, id.publicKeyPem])).digest('hex');
}

/** This workstation's identity from its settings and its bundle-signing key (made on first use). */
export async function workstationIdentityOf(dataDir: string, sealer: SecretSealer, settings: { workstationId: string; workstationName: string; agencyCode: string }): Promise<WorkstationIdentity> {
  const signer = await bundleKeysCreate(dataDir, settings.workstationId, sealer).signer();
  return { workstationId: settings.workstationId, name: settings.workstationName, unitCode: settings.agencyCode, publicKeyPem: signer.publicKeyPem };
}

/** Called after each workstation report (electron/ipc/handlers/workstations.ts). */
export async function workstationEnrolEnsure(deps: {
  client: SyncClient;
  dataDir: string;
  sealer: SecretSealer;
  settings: { workstationId: string; workstationName: string; agencyCode: string };
}): Promise<EnrolState> {
  const path = join(deps.dataDir, 'sync', 'enrolment.json');
  const identity = await workstationIdentityOf(deps.dataDir, deps.sealer, deps.settings);
  const fingerprint = fingerprintOf(identity);
  const saved = await readFile(path, 'utf8').then(
    (text) => stateSchema.safeParse(JSON.parse(text)),
    () => null,
  ).catch(() => null);
  if (saved?.success && saved.data.fingerprint === fingerprint && saved.data.status === 'approved') return 'approved';
  let status: 'pending' | 'approved';
  try {
    const answer = answerSchema.parse(await deps.client.json('POST', '/api/workstations/enrol', {
      workstationId: identity.workstationId, name: identity.name, unitCode: identity.unitCode, bundlePublicKeyPem: identity.publicKeyPem,
    }));
    status = answer.enrolment.status;
  } catch (err) {
    if (err instanceof AppError) return 'not-now';
    throw err;
  }
  await fileWriteAtomic(path, Buffer.from(JSON.stringify({ fingerprint, status }), 'utf8'));
  return status;
}
