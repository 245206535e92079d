import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendWorkstationOpen } from './backendKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Offline sign-in without the server's password hashes (issue 17). A person who has signed in
// online at a workstation once signs in there offline later, against a verifier the workstation
// made itself; roles and revocations still come from the directory; someone who never signed
// in online here is refused offline with a stable code; the server's hashes never arrive.

let kit: TestServer;
beforeAll(async () => {
  kit = await testServerStart('pglite');
  await testUserAdd(kit, 'hoa', 'clerk', ['H29.01']);
  await testUserAdd(kit, 'minh', 'clerk', ['H29.01']);
  await testUserAdd(kit, 'sep', 'supervisor', ['H29.01']);
}, 120_000);
afterAll(async () => kit?.cleanup(), 60_000);

const neverOnline = { ok: false, error: { code: 'offline-sign-in-unavailable', message: expect.stringContaining('chưa từng đăng nhập') } };

describe('offline sign-in at a workstation', () => {
  it('works after a first online sign-in there, and is refused to whoever never signed in online there', async () => {
    const { call, dataDir, cleanup } = await backendWorkstationOpen(kit.server.url);
    try {
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { role: 'clerk' } });
      // The directory brought minh and sep (their roles, not their hashes) with hoa's sign-in;
      // hoa alone has a verifier, made here.
      const stored = await readFile(join(dataDir, 'users.json'), 'utf8');
      const records = (JSON.parse(stored) as { users: Array<{ username: string; passwordHash: string | null }> }).users;
      expect(records.map((u) => [u.username, u.passwordHash !== null])).toEqual([['admin', true], ['hoa', true], ['minh', false], ['sep', false]]);
      const serverHashes = await kit.server.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
      for (const { password_hash } of serverHashes) expect(stored).not.toContain(password_hash);
      expect(stored).not.toContain('hoa-secret-pw');

      await kit.stop();
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { role: 'clerk' } });
      expect(await call('session:signIn', { username: 'hoa', password: 'not-her-password' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      // In the directory, right password, but never signed in online here: refused, and told why.
      expect(await call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject(neverOnline);
      // Nor may such a supervisor authorise anything offline here.
      expect(await call('clock:override', { username: 'sep', password: 'sep-secret-pw', reason: 'đồng hồ máy sai giờ' })).toMatchObject({ ok: false, error: { code: 'offline-sign-in-unavailable' } });
      // Someone the directory does not know at all is told the same, rather than "wrong password".
      expect(await call('session:signIn', { username: 'lan', password: 'lan-secret-pw' })).toMatchObject(neverOnline);
      // The first-run administrator, created on this workstation alone, signs in as always.
      expect(await call('session:signIn', { username: 'admin', password: 'mat-khau-1' })).toMatchObject({ ok: true, value: { role: 'admin' } });
      await kit.restart();

      // Online once, then offline: minh too.
      expect(await call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true });
      await kit.stop();
      expect(await call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true, value: { role: 'clerk' } });
      await kit.restart();
    } finally {
      await cleanup();
    }
  }, 180_000);

  it('keeps a verifier across directory refreshes, applies a role change, and is per workstation', async () => {
    const one = await backendWorkstationOpen(kit.server.url, 'Quầy 1');
    const two = await backendWorkstationOpen(kit.server.url, 'Quầy 2');
    try {
      expect(await one.call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { role: 'clerk' } });
      expect(await two.call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true });
      // Provincial IT makes hoa a supervisor; a colleague's online sign-in is workstation one's next sync.
      await kit.server.db.query(`UPDATE users SET role = 'supervisor' WHERE username = 'hoa'`);
      expect(await one.call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true });
      await kit.stop();
      expect(await one.call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { role: 'supervisor' } });
      // Workstation two never saw hoa sign in: her sign-in at one does not open two.
      expect(await two.call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject(neverOnline);
      await kit.restart();
    } finally {
      await one.cleanup();
      await two.cleanup();
    }
  }, 180_000);
});
