import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorBodyOf, type ErrorCode } from '../shared/contract/errors.js';
import { bodyTooLargeError, requestDrain } from './bodyLimit.js';
import { dbUnreachableIs } from './db/db.js';
import { accessTokenVerify, type AccessClaims } from './services/tokens.js';
import { syncProtocolVersion } from './services/syncWire.js';

// Cross-cutting HTTP policy: error envelope with stable codes, bearer-token auth, and the
// protocol gate that answers outdated clients with 426 Upgrade Required.

const statusOf: Partial<Record<ErrorCode, number>> = {
  'validation-failed': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'sync-rejected': 422,
  'too-large': 413,
  unavailable: 503,
};

export function httpErrorHandlerInstall(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | AppError, _req, reply) => {
    let err = thrown;
    // Fastify's own limit check (chunked bodies) becomes the same answer as ours.
    if (!(err instanceof AppError) && err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      err = bodyTooLargeError(_req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0);
    }
    if (!(err instanceof AppError) && dbUnreachableIs(err)) {
      err = new AppError('unavailable', 'the database cannot be reached; try again shortly', { reason: 'database-unreachable' });
    }
    if (err instanceof AppError && err.code === 'too-large') {
      // Keep the connection and drop the rest of the body, so the client reads this answer.
      void reply.removeHeader('connection');
      requestDrain(_req.raw);
    }
    if (err instanceof AppError && err.code === 'unavailable') void reply.header('retry-after', '2');
    if (err instanceof AppError) {
      if (err.details?.reason === 'rate-limited') {
        void reply.header('retry-after', String(err.details.retryAfterSec ?? 1)).code(429);
      } else {
        void reply.code(statusOf[err.code] ?? 500);
      }
      return reply.send({ error: err.toBody() });
    }
    // Fastify's own errors (bad JSON, body too large, bad content type) are client errors.
    const status = typeof (err as FastifyError).statusCode === 'number' ? (err as FastifyError).statusCode ?? 500 : 500;
    if (status < 500) return reply.code(status).send({ error: { code: 'validation-failed', message: err.message } });
    _req.log.error(err);
    return reply.code(500).send({ error: { code: 'internal', message: errorBodyOf(err).message } });
  });
}

export interface AuthContext {
  secret: Buffer;
  nowMs: () => number;
  /** Whether the account is still active (not revoked); see `userActiveCheck`. */
  userActive: (userId: number) => Promise<boolean>;
}

/** Verifies a bearer token and that its person has not been revoked since it was issued. */
export async function accessTokenAccept(token: string, auth: AuthContext): Promise<AccessClaims> {
  const claims = accessTokenVerify(token, auth.secret, Math.floor(auth.nowMs() / 1000));
  if (!(await auth.userActive(claims.sub))) throw new AppError('unauthenticated', 'user revoked', { reason: 'revoked' });
  return claims;
}

/** The caller's verified claims; `token` query parameter is accepted for EventSource streams. */
export async function httpUser(req: FastifyRequest, auth: AuthContext): Promise<AccessClaims> {
  const header = req.headers.authorization;
  let token: string | undefined;
  if (typeof header === 'string' && header.startsWith('Bearer ')) token = header.slice(7).trim();
  const query = req.query as Record<string, unknown> | undefined;
  if (token === undefined && typeof query?.token === 'string') token = query.token;
  if (token === undefined) throw new AppError('unauthenticated', 'missing bearer token');
  return accessTokenAccept(token, auth);
}

/** 426 when the client speaks an older protocol (header or `protocol` query for streams; absent = 0). */
export function httpProtocolCheck(req: FastifyRequest, reply: FastifyReply): boolean {
  const query = req.query as Record<string, unknown> | undefined;
  const raw = req.headers['x-motcua-protocol'] ?? (typeof query?.protocol === 'string' ? query.protocol : undefined);
  const given = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  if (given >= syncProtocolVersion) return true;
  void reply.code(426).header('upgrade', `motcua-sync/${syncProtocolVersion}`).send({
    error: { code: 'validation-failed', message: `client protocol ${given} is older than ${syncProtocolVersion}; update the app`, details: { reason: 'outdated-client', serverProtocol: syncProtocolVersion } },
  });
  return false;
}

/** "2026-11-30T21:30:06.123+07:00": Vietnam has no daylight saving, so the offset is fixed. */
export function timeVietnamIso(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().replace('Z', '+07:00');
}
