import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userAdd } from '../../server/services/users.js';
import { backendWorkstationOpen } from './backendKit.js';
import { testServerStart, type TestServer } from './serverKit.js';

// People made at the province carry their full name to every workstation of their units: it is
// the name on the receipts and in the end-of-day figures, online and offline.

let kit: TestServer;
beforeAll(async () => {
  kit = await testServerStart('pglite');
  await userAdd(kit.server.db, { username: 'hoa', displayName: '  Nguyễn   Thị Hoa ', password: 'hoa-secret-pw', role: 'clerk', units: ['H29.01'] });
  await userAdd(kit.server.db, { username: 'minh', password: 'minh-secret-pw', role: 'clerk', units: ['H29.01'] });
}, 120_000);
afterAll(async () => kit?.cleanup(), 60_000);

describe('full names of provincial accounts', () => {
  it('signs a person in under the full name given at the province, the user name when none was given, also offline', async () => {
    const { call, cleanup } = await backendWorkstationOpen(kit.server.url);
    try {
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { userName: 'Nguyễn Thị Hoa' } });
      expect(await call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true, value: { userName: 'minh' } });
      await kit.stop();
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { userName: 'Nguyễn Thị Hoa' } });
      await kit.restart();
    } finally {
      await cleanup();
    }
  }, 120_000);

  it('refuses an empty or over-long full name', async () => {
    for (const displayName of ['   ', 'x'.repeat(121)]) {
      await expect(userAdd(kit.server.db, { username: 'lan', displayName, password: 'lan-secret-pw', role: 'clerk', units: ['H29.01'] })).rejects.toMatchObject({ code: 'validation-failed' });
    }
  });
});
