import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/contract/errors.js';
import { workstationClockSchema, workstationReportBodySchema, type WorkstationReport } from '../../shared/contract/workstations.js';
import type { Db } from '../db/db.js';
import { httpProtocolCheck, httpUser, timeVietnamIso, type AuthContext } from '../http.js';

// Workstation reports (shared/contract/workstations.ts): a counter says how much it still has to
// upload; supervisors read the reports of their units. One row per workstation, last one wins.

export function workstationRoutes(app: FastifyInstance, deps: { db: Db; auth: AuthContext }): void {
  app.post('/api/workstations/report', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await httpUser(req, deps.auth);
    const body = workstationReportBodySchema.safeParse(req.body);
    if (!body.success) throw new AppError('validation-failed', `bad report: ${body.error.issues[0]?.path.join('.') ?? ''} ${body.error.issues[0]?.message ?? ''}`);
    const r = body.data;
    if (!user.units.includes(r.unitCode)) throw new AppError('forbidden', `unit ${r.unitCode} is not one of yours`);
    const reportedAt = timeVietnamIso(deps.auth.nowMs());
    await deps.db.query(
      `INSERT INTO workstation_reports (workstation_id, workstation_name, unit_code, pending, user_name, reported_at, clock)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (workstation_id) DO UPDATE SET workstation_name = $2, unit_code = $3, pending = $4, user_name = $5, reported_at = $6, clock = $7::jsonb`,
      [r.workstationId, r.workstationName, r.unitCode, r.pending, user.usr, reportedAt, r.clock === null ? null : JSON.stringify(r.clock)],
    );
    return { reportedAt };
  });

  app.get('/api/workstations/reports', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await httpUser(req, deps.auth);
    const rows = await deps.db.query<{ workstation_id: string; workstation_name: string; unit_code: string; pending: number; user_name: string; reported_at: Date | string; clock: unknown }>(
      `SELECT workstation_id, workstation_name, unit_code, pending, user_name, reported_at, clock
         FROM workstation_reports WHERE unit_code = ANY($1::text[]) ORDER BY unit_code, workstation_name`,
      [user.units],
    );
    const reports: WorkstationReport[] = rows.map((r) => ({
      workstationId: r.workstation_id,
      workstationName: r.workstation_name,
      unitCode: r.unit_code,
      pending: Number(r.pending),
      userName: r.user_name,
      reportedAt: timeVietnamIso(new Date(r.reported_at).getTime()),
      // Stored as sent after validation; a row written by an older server has none.
      clock: workstationClockSchema.nullable().catch(null).parse(typeof r.clock === 'string' ? JSON.parse(r.clock) : (r.clock ?? null)),
    }));
    return { now: timeVietnamIso(deps.auth.nowMs()), reports };
  });
}
