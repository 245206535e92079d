import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRun } from '../../cli/main.js';
import type { CliIo } from '../../cli/command.js';
import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../../server/db/db.js';
import { migrateUp } from '../../server/db/migrate.js';
import { testDbEngines } from '../../server/db/testDb.js';
import { directoryOf } from '../../server/routes/directory.js';
import { authLogin, authRefresh, type AuthSettings } from '../../server/services/auth.js';
import { userAdd, userFind, userRevoke } from '../../server/services/users.js';

// Revoking an account at the province (issue 13): the server refuses the person's login and
// refresh, and the directory it hands to the workstations marks the person revoked.

const settings: AuthSettings = {
  secret: randomBytes(32),
  accessTtlSec: 600,
  refreshTtlSec: 86_400,
  freeFailures: 100,
  maxBackoffSec: 1,
  nowMs: () => Date.now(),
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'resolved';
}

describe.each(testDbEngines())('user revoke ($name)', (engine) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await engine.open());
    await migrateUp(db);
    await userAdd(db, { username: 'hoa', password: 'mat-khau-hoa-01', role: 'clerk', units: ['H29.01'] });
    await userAdd(db, { username: 'minh', password: 'mat-khau-minh-01', role: 'clerk', units: ['H29.01'] });
  }, 300_000);
  afterAll(async () => cleanup(), 120_000);

  it('refuses login and refresh of the revoked person, revokes their tokens, marks them in the directory', async () => {
    const before = await authLogin(db, settings, { username: 'hoa', password: 'mat-khau-hoa-01', ip: '10.0.0.1' });
    expect((await directoryOf(db, ['H29.01'])).map((u) => [u.username, u.revoked])).toEqual([['hoa', false], ['minh', false]]);

    const result = await userRevoke(db, { username: 'hoa' });
    expect(result).toEqual({ id: (await userFind(db, { username: 'hoa' }))?.id, alreadyRevoked: false });
    expect((await userFind(db, { username: 'hoa' }))?.disabled).toBe(true);

    expect(await codeOf(authLogin(db, settings, { username: 'hoa', password: 'mat-khau-hoa-01', ip: '10.0.0.1' }))).toBe('unauthenticated');
    expect(await codeOf(authRefresh(db, settings, before.refreshToken))).toBe('unauthenticated');
    const left = await db.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND NOT revoked',
      [result.id],
    );
    expect(Number(left[0]?.n)).toBe(0);
    // The directory still lists the person (so workstations learn of the revocation), marked revoked.
    expect((await directoryOf(db, ['H29.01'])).map((u) => [u.username, u.revoked])).toEqual([['hoa', true], ['minh', false]]);
    // Others are untouched.
    expect((await authLogin(db, settings, { username: 'minh', password: 'mat-khau-minh-01', ip: '10.0.0.1' })).user.username).toBe('minh');
  });

  it('is idempotent, and says when the person does not exist or the name is malformed', async () => {
    expect((await userRevoke(db, { username: 'hoa' })).alreadyRevoked).toBe(true);
    expect(await codeOf(userRevoke(db, { username: 'khong-co' }))).toBe('not-found');
    expect(await codeOf(userRevoke(db, { username: 'a b' }))).toBe('validation-failed');
  });
});

describe('motcua server user revoke (CLI)', () => {
  it('revokes on a data folder, says so in text and JSON, and fails clearly on bad input', { timeout: 240_000 }, async () => {
    const data = await mkdtemp(join(tmpdir(), 'motcua-revoke-cli-'));
    const outText: string[] = [];
    const errText: string[] = [];
    const io: CliIo = { out: (t) => outText.push(t), err: (t) => errText.push(t), env: { PW: 'mat-khau-hoa-01' }, cwd: process.cwd() };
    const run = (argv: string[]) => cliRun(['server', 'user', ...argv, '--data', data], io);
    try {
      expect(await run(['add', '--username', 'hoa', '--name', 'Nguyễn Thị Hoa', '--password-env', 'PW', '--role', 'clerk', '--units', 'H29.01', '--json'])).toBe(0);
      expect(JSON.parse(outText.at(-1) ?? '{}')).toMatchObject({ username: 'hoa', displayName: 'Nguyễn Thị Hoa', role: 'clerk' });
      expect(await run(['revoke', '--username', 'hoa'])).toBe(0);
      expect(outText.at(-1)).toMatch(/^user hoa revoked/);
      expect(await run(['revoke', '--username', 'hoa', '--json'])).toBe(0);
      expect(JSON.parse(outText.at(-1) ?? '{}')).toMatchObject({ username: 'hoa', revoked: true, alreadyRevoked: true });
      expect(await run(['revoke'])).toBe(2);
      expect(errText.at(-1)).toMatch(/username/);
      expect(await run(['revoke', '--username', 'khong-co'])).toBe(1);
      expect(errText.at(-1)).toMatch(/not-found: user khong-co does not exist/);
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
