import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCreate } from '../../electron/app/backend.js';
import { configCreate } from '../../electron/config/config.js';
import { userAdd } from '../../server/services/users.js';
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
    const dataDir = await mkdtemp(join(tmpdir(), 'motcua-names-'));
    try {
      const backend = backendCreate(configCreate({ dataDir }));
      const call = (name: string, args: unknown = {}) => backend.invoke(name, args, 'test');
      await call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1', serverUrl: kit.server.url });
      await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { userName: 'Nguyễn Thị Hoa' } });
      expect(await call('session:signIn', { username: 'minh', password: 'minh-secret-pw' })).toMatchObject({ ok: true, value: { userName: 'minh' } });
      await kit.stop();
      expect(await call('session:signIn', { username: 'hoa', password: 'hoa-secret-pw' })).toMatchObject({ ok: true, value: { userName: 'Nguyễn Thị Hoa' } });
      await kit.restart();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses an empty or over-long full name', async () => {
    for (const displayName of ['   ', 'x'.repeat(121)]) {
      await expect(userAdd(kit.server.db, { username: 'lan', displayName, password: 'lan-secret-pw', role: 'clerk', units: ['H29.01'] })).rejects.toMatchObject({ code: 'validation-failed' });
    }
  });
});
