import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import { workstationClockSchema, workstationReportBodySchema, type WorkstationReport } from '../../shared/contract/workstations.js';
import { textSafetyIssue } from '../../shared/sync/textSafety.js';
import type { Db } from '../db/db.js';
import { httpProtocolCheck, timeVietnamIso, type AuthContext } from '../http.js';
import { enrolBodySchema, enrolmentApprove, enrolmentRequest, enrolmentsList, workstationUnitCheck } from '../services/workstationEnrol.js';
import { routeCaller } from './routePolicy.js';

// Workstation reports (shared/contract/workstations.ts): a counter says how much it still has to
// upload; supervisors read the reports of their units. One row per workstation, last one wins.
// Workstation enrolment: a counter asks to be enrolled with its bundle key, an admin approves.
// Who may call each route: routePolicy.ts.

const approveSchema = z.strictObject({ keyId: z.string().regex(/^[0-9a-f]{32}$/).optional() });

function issueOf(error: z.ZodError): string {
  return `${error.issues[0]?.path.join('.') ?? ''} ${error.issues[0]?.message ?? ''}`.trim();
}

export function workstationRoutes(app: FastifyInstance, deps: { db: Db; auth: AuthContext }): void {
  app.post('/api/workstations/report', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'POST /api/workstations/report');
    const body = workstationReportBodySchema.safeParse(req.body);
    if (!body.success) throw new AppError('validation-failed', `bad report: ${issueOf(body.error)}`);
    const r = body.data;
    const text = textSafetyIssue(r);
    if (text) throw new AppError('validation-failed', `bad report: ${text.path}: ${text.reason}`);
    if (!user.units.includes(r.unitCode)) throw new AppError('forbidden', `unit ${r.unitCode} is not one of yours`);
    // An enrolled workstation reports for its unit, by that unit's staff; one that is not enrolled
    // keeps the unit of its first report (a report from another unit does not take it over).
    const bound = await workstationUnitCheck(deps.db, r.workstationId, user.units);
    if (bound !== null && !bound.includes(r.unitCode)) throw new AppError('forbidden', `workstation ${r.workstationId} is enrolled for ${bound.join(', ')}`, { reason: 'enrolled-elsewhere' });
    const [before] = await deps.db.query<{ unit_code: string }>('SELECT unit_code FROM workstation_reports WHERE workstation_id = $1', [r.workstationId]);
    if (bound === null && before && !user.units.includes(before.unit_code)) {
      throw new AppError('forbidden', `workstation ${r.workstationId} reports for another unit`, { reason: 'reported-elsewhere' });
    }
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
    const user = await routeCaller(req, deps.auth, 'GET /api/workstations/reports');
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

  app.post('/api/workstations/enrol', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'POST /api/workstations/enrol');
    const body = enrolBodySchema.safeParse(req.body);
    if (!body.success) throw new AppError('validation-failed', `bad enrolment: ${issueOf(body.error)}`);
    return { enrolment: await enrolmentRequest(deps.db, user, body.data, deps.auth.nowMs()) };
  });

  app.get('/api/workstations/enrolments', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'GET /api/workstations/enrolments');
    void reply.header('cache-control', 'no-store');
    return { enrolments: await enrolmentsList(deps.db, user.units) };
  });

  app.post('/api/workstations/:id/approve', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'POST /api/workstations/:id/approve');
    const body = approveSchema.safeParse(req.body ?? {});
    if (!body.success) throw new AppError('validation-failed', `bad approval: ${issueOf(body.error)}`);
    const workstationId = (req.params as { id?: string }).id ?? '';
    const enrolment = await enrolmentApprove(deps.db, { workstationId, by: user.usr, units: user.units, keyId: body.data.keyId, nowMs: deps.auth.nowMs() });
    return { enrolment };
  });
}
