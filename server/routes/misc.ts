import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { httpProtocolCheck, timeVietnamIso, type AuthContext } from '../http.js';
import { blocksClaim } from '../services/blocks.js';
import { rulePacksSince } from '../services/ruleStore.js';
import { workstationUnitCheck } from '../services/workstationEnrol.js';
import { routeCaller } from './routePolicy.js';

// Server → client data (rule packs, sequence blocks) and the trusted time source (issue 12).
// Who may call each route: routePolicy.ts.

const claimSchema = z.object({ workstationId: z.string().min(1).max(128) });

export function miscRoutes(app: FastifyInstance, deps: { db: Db; auth: AuthContext }): void {
  // No auth: a counter checks its clock against this before it has logged in. Node adds the
  // `Date` header to every response, this one included.
  app.get('/api/time', async (_req, reply) => {
    void reply.header('cache-control', 'no-store');
    return { now: timeVietnamIso(deps.auth.nowMs()) };
  });

  app.get('/api/rulepacks', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    await routeCaller(req, deps.auth, 'GET /api/rulepacks');
    const since = (req.query as { since?: string }).since ?? '0';
    if (!/^\d{1,15}$/.test(since)) throw new AppError('validation-failed', 'since must be a non-negative integer');
    return rulePacksSince(deps.db, Number(since));
  });

  app.post('/api/blocks/claim', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'POST /api/blocks/claim');
    const body = claimSchema.safeParse(req.body);
    if (!body.success) throw new AppError('validation-failed', 'workstationId is required');
    // An enrolled workstation draws only its own unit's blocks, and only for that unit's staff.
    const bound = await workstationUnitCheck(deps.db, body.data.workstationId, user.units);
    const units = bound === null ? user.units : user.units.filter((u) => bound.includes(u));
    return { blocks: await blocksClaim(deps.db, body.data.workstationId, units) };
  });
}
