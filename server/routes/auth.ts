import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { httpProtocolCheck } from '../http.js';
import { authLogin, authRefresh, type AuthSettings } from '../services/auth.js';

const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const refreshSchema = z.object({ refreshToken: z.string().min(1).max(200) });

export function authRoutes(app: FastifyInstance, deps: { db: Db; auth: AuthSettings }): void {
  app.post('/api/auth/login', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const body = loginSchema.safeParse(req.body);
    if (!body.success) throw new AppError('validation-failed', 'username and password are required');
    return authLogin(deps.db, deps.auth, { ...body.data, ip: req.ip });
  });
  app.post('/api/auth/refresh', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const body = refreshSchema.safeParse(req.body);
    if (!body.success) throw new AppError('validation-failed', 'refreshToken is required');
    return authRefresh(deps.db, deps.auth, body.data.refreshToken);
  });
}
