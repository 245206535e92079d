import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';

// Short-lived access tokens: base64url(JSON claims) "." base64url(HMAC-SHA256). Stateless, so
// any instance behind the load balancer can check them; the role and units inside are covered
// by the MAC, so a forged role fails the signature. Refresh tokens are random and stored hashed.

export const roles = ['clerk', 'postal', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

const claimsSchema = z.object({
  sub: z.number().int(),
  usr: z.string(),
  role: z.enum(roles),
  units: z.array(z.string()),
  exp: z.number().int(),
});
export type AccessClaims = z.infer<typeof claimsSchema>;

export function accessTokenSign(claims: AccessClaims, secret: Buffer): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** Verifies signature and expiry; `nowSec` is injected so tests can age a token. */
export function accessTokenVerify(token: string, secret: Buffer, nowSec: number): AccessClaims {
  const [body, mac, extra] = token.split('.');
  if (body === undefined || mac === undefined || extra !== undefined) throw new AppError('unauthenticated', 'malformed token');
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('unauthenticated', 'bad token signature');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('unauthenticated', 'malformed token');
  }
  const claims = claimsSchema.safeParse(parsed);
  if (!claims.success) throw new AppError('unauthenticated', 'malformed token claims');
  if (claims.data.exp <= nowSec) throw new AppError('unauthenticated', 'token expired', { reason: 'expired' });
  return claims.data;
}

export function refreshTokenNew(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: refreshTokenHash(token) };
}

export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
