import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { roles, type Role } from './tokens.js';

// Users, their role and the units they may act for (supervisors: a set of units held as data).

export interface UserRecord {
  id: number;
  username: string;
  role: Role;
  units: string[];
  passwordHash: string;
  disabled: boolean;
}

export const usernameSchema = z.string().regex(/^[a-zA-Z0-9._@-]{2,64}$/, 'username: 2–64 of a-z 0-9 . _ @ -');
export const unitCodeSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'unit code: 1–64 of A-Z 0-9 . _ -');

export async function userAdd(
  db: Db,
  input: { username: string; password: string; role: string; units: string[]; displayName?: string },
): Promise<{ id: number }> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw new AppError('validation-failed', username.error.issues[0]?.message ?? 'bad username');
  if (!(roles as readonly string[]).includes(input.role)) {
    throw new AppError('validation-failed', `role must be one of ${roles.join(', ')}`);
  }
  if (input.password.length < 8) throw new AppError('validation-failed', 'password must have at least 8 characters');
  for (const u of input.units) {
    if (!unitCodeSchema.safeParse(u).success) throw new AppError('validation-failed', `bad unit code "${u}"`);
  }
  const displayName = input.displayName?.trim().replace(/\s+/g, ' ');
  if (displayName !== undefined && (displayName.length < 1 || displayName.length > 120)) {
    throw new AppError('validation-failed', 'full name must have 1 to 120 characters');
  }
  const passwordHash = await hash(input.password);
  return db.transaction(async (tx) => {
    const existing = await tx.query('SELECT 1 FROM users WHERE username = $1', [username.data]);
    if (existing.length > 0) throw new AppError('conflict', `user ${username.data} exists`);
    const [row] = await tx.query<{ id: string | number }>(
      'INSERT INTO users (username, password_hash, role, display_name) VALUES ($1, $2, $3, $4) RETURNING id',
      [username.data, passwordHash, input.role, displayName ?? null],
    );
    const id = Number(row?.id);
    for (const unit of new Set(input.units)) {
      await tx.query('INSERT INTO user_units (user_id, unit_code) VALUES ($1, $2)', [id, unit]);
    }
    return { id };
  });
}

/**
 * Revokes (disables) an account, as provincial IT does when a person leaves or loses the right
 * to act: the server refuses the person's login and refresh from now on, every refresh token
 * still held is revoked, and the directory handed to workstations marks the person revoked so
 * the counter refuses them too, offline, after its next sync (issue 13). Idempotent.
 */
export async function userRevoke(db: Db, input: { username: string }): Promise<{ id: number; alreadyRevoked: boolean }> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw new AppError('validation-failed', username.error.issues[0]?.message ?? 'bad username');
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string | number; disabled: boolean }>(
      'SELECT id, disabled FROM users WHERE username = $1 FOR UPDATE',
      [username.data],
    );
    if (!row) throw new AppError('not-found', `user ${username.data} does not exist`);
    const id = Number(row.id);
    await tx.query('UPDATE users SET disabled = true WHERE id = $1', [id]);
    await tx.query('UPDATE refresh_tokens SET revoked = true WHERE user_id = $1 AND NOT revoked', [id]);
    return { id, alreadyRevoked: row.disabled };
  });
}

export async function userFind(db: Db, by: { username: string } | { id: number }): Promise<UserRecord | undefined> {
  const [row] = await db.query<{ id: string | number; username: string; role: Role; password_hash: string; disabled: boolean }>(
    'username' in by
      ? 'SELECT id, username, role, password_hash, disabled FROM users WHERE username = $1'
      : 'SELECT id, username, role, password_hash, disabled FROM users WHERE id = $1',
    ['username' in by ? by.username : by.id],
  );
  if (!row) return undefined;
  const units = await db.query<{ unit_code: string }>(
    'SELECT unit_code FROM user_units WHERE user_id = $1 ORDER BY unit_code',
    [row.id],
  );
  return {
    id: Number(row.id),
    username: row.username,
    role: row.role,
    units: units.map((u) => u.unit_code),
    passwordHash: row.password_hash,
    disabled: row.disabled,
  };
}

// A fixed hash to verify against when the username is unknown, so timing does not tell
// whether an account exists.
let dummyHash: Promise<string> | undefined;
export async function passwordCheck(user: UserRecord | undefined, password: string): Promise<boolean> {
  if (!user) {
    dummyHash ??= hash('motcua-no-such-user');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(user.passwordHash, password).catch(() => false);
}
