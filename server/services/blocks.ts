import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { unitCodeSchema } from './users.js';

// Workstation sequence blocks for dossier codes AGENCY-YYMMDD-NNNN: each workstation owns a
// range of NNNN (e.g. 0001–1999 for PC1), valid every day, so two counters offline never
// issue the same code. Ranges of one agency never overlap (allocated under a lock).

export interface SequenceBlock {
  id: number;
  workstationId: string;
  agencyCode: string;
  firstNo: number;
  lastNo: number;
}

const workstationIdPattern = /^[\w.:-]{1,128}$/;

export async function blockAssign(db: Db, input: { workstationId: string; agencyCode: string; size: number }): Promise<SequenceBlock> {
  if (!workstationIdPattern.test(input.workstationId)) throw new AppError('validation-failed', 'bad workstation id');
  if (!unitCodeSchema.safeParse(input.agencyCode).success) throw new AppError('validation-failed', 'bad agency code');
  if (!Number.isInteger(input.size) || input.size < 1 || input.size > 9999) {
    throw new AppError('validation-failed', 'size must be an integer 1..9999');
  }
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`blocks:${input.agencyCode}`]);
    const [top] = await tx.query<{ last: number | null }>(
      'SELECT max(last_no) AS last FROM sequence_blocks WHERE agency_code = $1',
      [input.agencyCode],
    );
    const firstNo = Number(top?.last ?? 0) + 1;
    const lastNo = firstNo + input.size - 1;
    if (lastNo > 9999) {
      throw new AppError('conflict', `agency ${input.agencyCode} has only ${Math.max(0, 9999 - firstNo + 1)} numbers left`);
    }
    const [row] = await tx.query<{ id: string | number }>(
      'INSERT INTO sequence_blocks (workstation_id, agency_code, first_no, last_no) VALUES ($1, $2, $3, $4) RETURNING id',
      [input.workstationId, input.agencyCode, firstNo, lastNo],
    );
    return { id: Number(row?.id), workstationId: input.workstationId, agencyCode: input.agencyCode, firstNo, lastNo };
  });
}

/**
 * Hands a workstation every block assigned to it for agencies the caller may act for. The
 * answer is the full list each time, so a lost response is repaired by asking again.
 */
export async function blocksClaim(db: Db, workstationId: string, units: readonly string[]): Promise<SequenceBlock[]> {
  if (!workstationIdPattern.test(workstationId)) throw new AppError('validation-failed', 'bad workstation id');
  const rows = await db.query<{ id: string | number; agency_code: string; first_no: number; last_no: number }>(
    `UPDATE sequence_blocks SET claimed_at = coalesce(claimed_at, now())
      WHERE workstation_id = $1 AND agency_code = ANY($2::text[])
      RETURNING id, agency_code, first_no, last_no`,
    [workstationId, [...units]],
  );
  return rows
    .map((r) => ({ id: Number(r.id), workstationId, agencyCode: r.agency_code, firstNo: Number(r.first_no), lastNo: Number(r.last_no) }))
    .sort((a, b) => a.id - b.id);
}
