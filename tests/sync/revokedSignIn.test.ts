import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRevoke } from '../../server/services/users.js';
import { backendWorkstationOpen } from './backendKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Online sign-in at the counter for a person the province has revoked (issue 13): once the
// workstation's directory holds the revocation, the refusal says why instead of "wrong password".

let kit: TestServer;
beforeAll(async () => {
  kit = await testServerStart('pglite');
  await testUserAdd(kit, 'hoa', 'clerk', ['H29.01']);
  await testUserAdd(kit, 'minh', 'clerk', ['H29.01']);
}, 120_000);
afterAll(async () => kit?.cleanup(), 60_000);

describe('online sign-in of a revoked person', () => {
  it('is refused with the revocation once the directory knows it, and wrong passwords stay "wrong password"', async () => {
    const { call, cleanup } = await backendWorkstationOpen(kit.server.url);
    try {
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { role: 'clerk' } });

      await userRevoke(kit.server.db, { username: 'hoa' });
      // The next sync: a colleague signs in online and the directory is refreshed.
      expect(await call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true });
      const revoked = { ok: false, error: { code: 'forbidden', message: expect.stringContaining('Tài khoản đã bị thu hồi') } };
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject(revoked);
      expect(await call('session:signIn', { username: 'hoa', password: 'not-her-password' })).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated', message: 'Sai tên đăng nhập hoặc mật khẩu' },
      });
      // Link down: the local directory refuses her too.
      await kit.stop();
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject(revoked);
      await kit.restart();
    } finally {
      await cleanup();
    }
  }, 120_000);

  it('learns of the revocation from the refusal itself when she is the first to try after it', async () => {
    const { call, cleanup } = await backendWorkstationOpen(kit.server.url, 'Quầy 2');
    try {
      await testUserAdd(kit, 'lan', 'clerk', ['H29.01']);
      expect(await call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true });
      expect(await call('session:signIn', { username: 'lan', password: 'lan-secret-pw' })).toMatchObject({ ok: true });
      await userRevoke(kit.server.db, { username: 'lan' });
      const revoked = { ok: false, error: { code: 'forbidden', message: expect.stringContaining('Tài khoản đã bị thu hồi') } };
      expect(await call('session:signIn', { username: 'lan', password: 'lan-secret-pw' })).toMatchObject(revoked);
      // The stale local copy is gone: with the link down she is refused all the same.
      await kit.stop();
      expect(await call('session:signIn', { username: 'lan', password: 'lan-secret-pw' })).toMatchObject(revoked);
      await kit.restart();
    } finally {
      await cleanup();
    }
  }, 120_000);
});
