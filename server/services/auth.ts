import { AppError } from '../../shared/contract/errors.js';
import type { Db, DbQuery } from '../db/db.js';
import { accessTokenSign, refreshTokenHash, refreshTokenNew, type AccessClaims } from './tokens.js';
import { passwordCheck, userFind, type UserRecord } from './users.js';

// Login and token refresh, with a back-off that holds under parallel requests on every instance
// (issue 17). Two gates, one per user name and one per client address, each a row of
// login_attempts. An attempt is reserved at both gates, and counted as a failure, in one
// transaction BEFORE its password is checked; a gate lets nothing through before its `next_at`,
// and each reservation moves `next_at` on by the back-off its count calls for. So once a name or
// an address is past its free failures, exactly one attempt per back-off window has its password
// checked, however many arrive at once; the rest are refused unchecked (429, Retry-After).
// A success clears the name's count (the window it was let through in still stands) and gives
// the address back its one attempt. An address's count starts again after a quiet hour-long
// window: a commune's counters behind one NAT share it, and their typos must not add up for days.

export interface AuthSettings {
  secret: Buffer;
  accessTtlSec: number;
  refreshTtlSec: number;
  /** Failures per user name before the back-off starts. */
  freeFailures: number;
  maxBackoffSec: number;
  nowMs: () => number;
  /** Failures per client address (all names) in one window before the back-off starts; default 20. */
  addressFreeFailures?: number;
  /** The window an address's failures are counted in; default one hour. */
  addressWindowSec?: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { username: string; role: string; units: string[] };
}

interface Gate {
  key: string;
  free: number;
  /** Seconds after which the count starts again; null: only a success clears it. */
  windowSec: number | null;
}

function gatesOf(settings: AuthSettings, input: { username: string; ip: string }): Gate[] {
  // Always the name first, then the address: every transaction takes the row locks in one order.
  return [
    { key: `name:${input.username.toLowerCase()}`, free: settings.freeFailures, windowSec: null },
    { key: `addr:${input.ip}`, free: settings.addressFreeFailures ?? 20, windowSec: settings.addressWindowSec ?? 3600 },
  ];
}

/**
 * Reserves one attempt at a gate: a single upsert that, only when the gate is open (`next_at`
 * has passed), adds the attempt to the count n and sets the next opening n < free ? now :
 * now + min(maxBackoffSec, 2^(n − free + 1)) s (so 2 s after the 5th failure of a name). Row
 * locks make concurrent reservations take turns, each seeing the previous one's `next_at`.
 * Returns the seconds to wait when the gate is shut.
 */
async function gateReserve(tx: DbQuery, gate: Gate, settings: AuthSettings, now: Date): Promise<number | null> {
  // While a gate is within its free failures it never shuts, whatever the clocks: parallel
  // requests each take `now` a little before they reach the row, and one that read the clock
  // earlier than the reservation before it must not find the gate "not open yet".
  const nextAt = (count: string) =>
    `CASE WHEN ${count} < $3::int THEN '-infinity'::timestamptz ELSE $2::timestamptz + LEAST($4::float8, power(2::float8, ${count} - $3::int + 1)) * interval '1 second' END`;
  const restart = `($5::float8 IS NOT NULL AND login_attempts.window_start <= $2::timestamptz - $5::float8 * interval '1 second')`;
  const count = `(CASE WHEN ${restart} THEN 0 ELSE login_attempts.failures END + 1)`;
  const reserved = await tx.query(
    `INSERT INTO login_attempts (key, failures, window_start, next_at)
     VALUES ($1, 1, $2::timestamptz, ${nextAt('1')})
     ON CONFLICT (key) DO UPDATE SET
       failures = ${count},
       window_start = CASE WHEN ${restart} THEN $2::timestamptz ELSE login_attempts.window_start END,
       next_at = ${nextAt(count)}
     WHERE login_attempts.next_at <= $2::timestamptz
     RETURNING failures`,
    [gate.key, now, gate.free, settings.maxBackoffSec, gate.windowSec],
  );
  if (reserved.length > 0) return null;
  const [shut] = await tx.query<{ next_at: Date | string }>('SELECT next_at FROM login_attempts WHERE key = $1', [gate.key]);
  return Math.max(1, Math.ceil((new Date(shut?.next_at ?? now).getTime() - now.getTime()) / 1000));
}

export async function authLogin(
  db: Db,
  settings: AuthSettings,
  input: { username: string; password: string; ip: string },
): Promise<TokenPair> {
  const now = new Date(settings.nowMs());
  const [nameGate, addressGate] = gatesOf(settings, input) as [Gate, Gate];
  // Both reservations or neither: throwing rolls the transaction back, so an attempt refused at
  // the address uses up nothing at the name.
  await db.transaction(async (tx) => {
    for (const gate of [nameGate, addressGate]) {
      const wait = await gateReserve(tx, gate, settings, now);
      if (wait !== null) throw new AppError('forbidden', 'too many failed logins; wait and retry', { reason: 'rate-limited', retryAfterSec: wait });
    }
  });
  // The attempt is already counted as a failure: a wrong password leaves it so.
  const user = await userFind(db, { username: input.username });
  const good = (await passwordCheck(user, input.password)) && user !== undefined && !user.disabled;
  if (!good || !user) throw new AppError('unauthenticated', 'wrong username or password');
  await db.query('UPDATE login_attempts SET failures = 0 WHERE key = $1', [nameGate.key]);
  await db.query('UPDATE login_attempts SET failures = GREATEST(failures - 1, 0) WHERE key = $1', [addressGate.key]);
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
