import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { accessTokenSign, refreshTokenHash, refreshTokenNew, type AccessClaims } from './tokens.js';
import { passwordCheck, userFind, type UserRecord } from './users.js';

// Login and token refresh. Failed logins are counted per username+IP in the database (shared
// by all instances); after `freeFailures` failures each new attempt must wait an exponentially
// growing pause, capped at `maxBackoffSec`. A success clears the count.

export interface AuthSettings {
  secret: Buffer;
  accessTtlSec: number;
  refreshTtlSec: number;
  freeFailures: number;
  maxBackoffSec: number;
  nowMs: () => number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { username: string; role: string; units: string[] };
}

export function loginBackoffSec(failures: number, settings: Pick<AuthSettings, 'freeFailures' | 'maxBackoffSec'>): number {
  if (failures < settings.freeFailures) return 0;
  return Math.min(settings.maxBackoffSec, 2 ** (failures - settings.freeFailures + 1));
}

export async function authLogin(
  db: Db,
  settings: AuthSettings,
  input: { username: string; password: string; ip: string },
): Promise<TokenPair> {
  const key = `${input.username.toLowerCase()}|${input.ip}`;
  const now = settings.nowMs();
  const [fail] = await db.query<{ failures: number; last_at: Date | string }>(
    'SELECT failures, last_at FROM login_failures WHERE key = $1',
    [key],
  );
  if (fail) {
    const waitUntil = new Date(fail.last_at).getTime() + loginBackoffSec(Number(fail.failures), settings) * 1000;
    if (waitUntil > now) {
      throw new AppError('forbidden', 'too many failed logins; wait and retry', {
        reason: 'rate-limited',
        retryAfterSec: Math.ceil((waitUntil - now) / 1000),
      });
    }
  }
  const user = await userFind(db, { username: input.username });
  const good = (await passwordCheck(user, input.password)) && user !== undefined && !user.disabled;
  if (!good || !user) {
    await db.query(
      `INSERT INTO login_failures (key, failures, last_at) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_at = $2`,
      [key, new Date(now)],
    );
    throw new AppError('unauthenticated', 'wrong username or password');
  }
  await db.query('DELETE FROM login_failures WHERE key = $1', [key]);
  return tokensIssue(db, settings, user);
}

/** Rotates the refresh token: the presented one is revoked and a new pair issued. */
export async function authRefresh(db: Db, settings: AuthSettings, refreshToken: string): Promise<TokenPair> {
  const now = new Date(settings.nowMs());
  const rows = await db.query<{ user_id: string | number }>(
    `UPDATE refresh_tokens SET revoked = true
      WHERE token_hash = $1 AND NOT revoked AND expires_at > $2 RETURNING user_id`,
    [refreshTokenHash(refreshToken), now],
  );
  const row = rows[0];
  if (!row) throw new AppError('unauthenticated', 'refresh token unknown, used or expired');
  const user = await userFind(db, { id: Number(row.user_id) });
  if (!user || user.disabled) throw new AppError('unauthenticated', 'user disabled');
  return tokensIssue(db, settings, user);
}

async function tokensIssue(db: Db, settings: AuthSettings, user: UserRecord): Promise<TokenPair> {
  const nowSec = Math.floor(settings.nowMs() / 1000);
  const claims: AccessClaims = {
    sub: user.id,
    usr: user.username,
    role: user.role,
    units: user.units,
    exp: nowSec + settings.accessTtlSec,
  };
  const refresh = refreshTokenNew();
  await db.query('INSERT INTO refresh_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    refresh.hash,
    user.id,
    new Date((nowSec + settings.refreshTtlSec) * 1000),
  ]);
  return {
    accessToken: accessTokenSign(claims, settings.secret),
    refreshToken: refresh.token,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    user: { username: user.username, role: user.role, units: user.units },
  };
}

/**
 * Whether a person's account is still active, for every authenticated request: an access token
 * outlives a revocation by at most `ttlMs` (the answer is kept that long per person), not by its
 * whole lifetime. Measured on the server's clock.
 */
export function userActiveCheck(db: Db, nowMs: () => number, ttlMs = 5_000): (userId: number) => Promise<boolean> {
  const known = new Map<number, { active: boolean; until: number }>();
  return async (userId) => {
    const now = nowMs();
    const hit = known.get(userId);
    if (hit && hit.until > now) return hit.active;
    const user = await userFind(db, { id: userId });
    const active = user !== undefined && !user.disabled;
    known.set(userId, { active, until: now + ttlMs });
    return active;
  };
}
