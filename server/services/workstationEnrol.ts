import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import { textSafetyIssue } from '../../shared/sync/textSafety.js';
import { ed25519PemNormalize } from '../bundle/trustStore.js';
import { nodeBundleCrypto } from '../bundle/nodeBundleCrypto.js';
import type { Db, DbQuery } from '../db/db.js';
import { unitCodeSchema } from './users.js';

// Workstation enrolment (issue 17): a counter PC asks, with its bundle-signing key, to be
// enrolled for one unit; nothing is trusted until an admin of that unit (or provincial IT at the
// CLI) approves it. An enrolled workstation is bound to its unit: reports and block claims for it
// come from that unit's staff only, and another unit cannot enrol it. Asking again with another
// key puts the workstation back to pending (a reinstalled PC makes a new key; it needs a new
// approval). Provincial IT may still register a key outright (`workstation trust --units`,
// server/bundle/trustStore.ts); that registration binds the workstation to its units too.

export const enrolBodySchema = z.strictObject({
  workstationId: z.string().regex(/^[\w.:-]{1,128}$/, 'workstationId: 1–128 of A-Z a-z 0-9 _ . : -'),
  name: z.string().trim().min(1).max(120),
  unitCode: unitCodeSchema,
  bundlePublicKeyPem: z.string().min(40).max(2000),
});
export type EnrolBody = z.infer<typeof enrolBodySchema>;

export type EnrolmentStatus = 'pending' | 'approved';

export interface Enrolment {
  workstationId: string;
  name: string;
  unitCode: string;
  keyId: string;
  status: EnrolmentStatus;
  requestedBy: string;
  requestedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

type EnrolmentRow = {
  workstation_id: string;
  name: string;
  unit_code: string;
  key_id: string;
  status: EnrolmentStatus;
  requested_by: string;
  requested_at: Date | string;
  approved_by: string | null;
  approved_at: Date | string | null;
};

const columns = 'workstation_id, name, unit_code, key_id, status, requested_by, requested_at, approved_by, approved_at';
const iso = (t: Date | string) => new Date(t).toISOString();

function enrolmentOf(r: EnrolmentRow): Enrolment {
  return {
    workstationId: r.workstation_id, name: r.name, unitCode: r.unit_code, keyId: r.key_id, status: r.status,
    requestedBy: r.requested_by, requestedAt: iso(r.requested_at), approvedBy: r.approved_by, approvedAt: r.approved_at === null ? null : iso(r.approved_at),
  };
}

/**
 * The units a workstation is bound to: those provincial IT registered it for, else its enrolment's
 * unit (pending or approved: the unit that asked first holds it), else null (not enrolled).
 */
export async function workstationUnitsOf(db: DbQuery, workstationId: string): Promise<string[] | null> {
  const [it] = await db.query<{ units: string[] | null }>('SELECT units FROM bundle_workstations WHERE workstation_id = $1', [workstationId]);
  if (it?.units && it.units.length > 0) return it.units;
  const [enrolled] = await db.query<{ unit_code: string }>('SELECT unit_code FROM workstation_enrolments WHERE workstation_id = $1', [workstationId]);
  return enrolled ? [enrolled.unit_code] : null;
}

/** Refuses a caller who is not staff of the workstation's bound unit(s). */
export async function workstationUnitCheck(db: DbQuery, workstationId: string, callerUnits: readonly string[]): Promise<string[] | null> {
  const bound = await workstationUnitsOf(db, workstationId);
  if (bound !== null && !bound.some((u) => callerUnits.includes(u))) {
    throw new AppError('forbidden', `workstation ${workstationId} is enrolled for another unit`, { reason: 'enrolled-elsewhere' });
  }
  return bound;
}

/** A counter PC asks to be enrolled. The caller must be staff of `unitCode` (checked here). */
export async function enrolmentRequest(
  db: Db,
  caller: { usr: string; units: readonly string[] },
  body: EnrolBody,
  nowMs: number,
): Promise<Enrolment> {
  const text = textSafetyIssue(body);
  if (text) throw new AppError('validation-failed', `${text.path}: ${text.reason}`);
  if (!caller.units.includes(body.unitCode)) throw new AppError('forbidden', `unit ${body.unitCode} is not one of yours`, { reason: 'unit' });
  const pem = ed25519PemNormalize(body.bundlePublicKeyPem);
  const keyId = nodeBundleCrypto.keyIdOf(pem);
  return db.transaction(async (tx) => {
    if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`enrol:${body.workstationId}`]);
    const bound = await workstationUnitsOf(tx, body.workstationId);
    if (bound !== null && !bound.includes(body.unitCode)) {
      throw new AppError('forbidden', `workstation ${body.workstationId} is enrolled for another unit`, { reason: 'enrolled-elsewhere' });
    }
    const [before] = await tx.query<EnrolmentRow>(`SELECT ${columns} FROM workstation_enrolments WHERE workstation_id = $1`, [body.workstationId]);
    const at = new Date(nowMs).toISOString();
    if (before && before.key_id === keyId) {
      // The same key again (a lost answer, a restart): nothing changes but the name shown.
      if (before.name === body.name) return enrolmentOf(before);
      await tx.query('UPDATE workstation_enrolments SET name = $2 WHERE workstation_id = $1', [body.workstationId, body.name]);
      return enrolmentOf({ ...before, name: body.name });
    }
    // New, or a new key: pending until approved (a new key is never trusted on the old approval).
    const [row] = await tx.query<EnrolmentRow>(
      `INSERT INTO workstation_enrolments (workstation_id, name, unit_code, public_key, key_id, status, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7::timestamptz)
       ON CONFLICT (workstation_id) DO UPDATE SET name = EXCLUDED.name, unit_code = EXCLUDED.unit_code, public_key = EXCLUDED.public_key,
         key_id = EXCLUDED.key_id, status = 'pending', requested_by = EXCLUDED.requested_by, requested_at = EXCLUDED.requested_at,
         approved_by = NULL, approved_at = NULL
       RETURNING ${columns}`,
      [body.workstationId, body.name, body.unitCode, pem, keyId, caller.usr, at],
    );
    if (!row) throw new AppError('internal', 'enrolment not stored');
    return enrolmentOf(row);
  });
}

/**
 * Approves an enrolment. `units` null: provincial IT at the CLI (any unit); else the admin's units,
 * and an enrolment of another unit is answered as missing. `keyId`, when given, must be the key the
 * approver was shown (a key swapped in the meantime is not approved by mistake).
 */
export async function enrolmentApprove(
  db: Db,
  input: { workstationId: string; by: string; units: readonly string[] | null; keyId?: string | undefined; nowMs: number },
): Promise<Enrolment> {
  return db.transaction(async (tx) => {
    if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`enrol:${input.workstationId}`]);
    const [row] = await tx.query<EnrolmentRow>(`SELECT ${columns} FROM workstation_enrolments WHERE workstation_id = $1`, [input.workstationId]);
    if (!row || (input.units !== null && !input.units.includes(row.unit_code))) {
      throw new AppError('not-found', `no enrolment of workstation ${input.workstationId.slice(0, 128)} in your units`);
    }
    if (input.keyId !== undefined && input.keyId !== row.key_id) {
      throw new AppError('conflict', `the workstation now asks with key ${row.key_id}, not ${input.keyId}: look again`, { reason: 'key-changed', keyId: row.key_id });
    }
    if (row.status === 'approved') return enrolmentOf(row);
    const at = new Date(input.nowMs).toISOString();
    await tx.query(`UPDATE workstation_enrolments SET status = 'approved', approved_by = $2, approved_at = $3::timestamptz WHERE workstation_id = $1`, [
      input.workstationId, input.by, at,
    ]);
    return enrolmentOf({ ...row, status: 'approved', approved_by: input.by, approved_at: at });
  });
}

/** Enrolments of the given units (null: all), pending first. */
export async function enrolmentsList(db: DbQuery, units: readonly string[] | null): Promise<Enrolment[]> {
  const rows = await db.query<EnrolmentRow>(
    `SELECT ${columns} FROM workstation_enrolments WHERE $1::text[] IS NULL OR unit_code = ANY($1::text[])
      ORDER BY status DESC, unit_code, name, workstation_id`,
    [units === null ? null : [...units]],
  );
  return rows.map(enrolmentOf);
}
