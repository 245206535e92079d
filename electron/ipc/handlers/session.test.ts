import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendCreate } from '../../app/backend.js';
import { configCreate } from '../../config/config.js';

async function configured() {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-session-'));
  const backend = backendCreate(configCreate({ dataDir }));
  const call = (name: string, args: unknown = {}) => backend.invoke(name, args, 'test');
  await call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1', serverUrl: 'http://127.0.0.1:9' });
  return { backend, call, dataDir };
}

describe('sign-in at the workstation', () => {
  it('creates the first administrator once, then signs in offline against the stored hash', async () => {
    const { call, dataDir } = await configured();
    expect(await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' })).toMatchObject({ ok: true, value: { role: 'admin', units: ['H29.01'] } });
    expect(await call('setup:admin', { username: 'admin2', displayName: 'Khác', password: 'mat-khau-1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await readFile(join(dataDir, 'users.json'), 'utf8')).includes('mat-khau-1')).toBe(false);
    expect((await readFile(join(dataDir, 'audit.log'), 'utf8')).includes('mat-khau-1')).toBe(false);
    expect(await call('session:signIn', { username: 'ADMIN', password: 'mat-khau-1' })).toMatchObject({ ok: true, value: { role: 'admin' } });
    expect(await call('session:current')).toMatchObject({ ok: true, value: { userName: 'Quản trị' } });
  });

  it('enforces roles through the router: a clerk cannot add people, nobody unsigned gets the data key', async () => {
    const { call } = await configured();
    await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    expect(await call('keys:personal')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await call('session:signIn', { username: 'admin', password: 'mat-khau-1' });
    const added = await call('users:add', { username: 'lan', displayName: 'Nguyễn Thị Lan', password: 'mat-khau-2', role: 'clerk', units: ['H29.01'], pin: '2468' });
    expect(added.ok).toBe(true);
    const key = await call('keys:personal');
    expect(key.ok && Buffer.from((key.value as { keyBase64: string }).keyBase64, 'base64').length).toBe(32);
    await call('session:signIn', { username: 'lan', password: 'mat-khau-2' });
    expect(await call('users:add', { username: 'x12', displayName: 'X', password: 'mat-khau-3', role: 'admin', units: ['H29.01'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const switchable = await call('users:switchable');
    expect(switchable).toMatchObject({ ok: true, value: [{ displayName: 'Nguyễn Thị Lan' }] });
  });

  it('backs off after repeated wrong passwords and switches clerks by PIN', async () => {
    const { call } = await configured();
    await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await call('session:signIn', { username: 'admin', password: 'mat-khau-1' });
    const lan = await call('users:add', { username: 'lan', displayName: 'Nguyễn Thị Lan', password: 'mat-khau-2', role: 'clerk', units: ['H29.01'], pin: '2468' });
    const lanId = lan.ok ? (lan.value as { userId: string }).userId : '';
    for (let i = 0; i < 4; i++) await call('session:signIn', { username: 'admin', password: 'sai' });
    const locked = await call('session:signIn', { username: 'admin', password: 'mat-khau-1' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'forbidden', details: { retryAfterMs: expect.any(Number) } } });
    expect(await call('session:pinSwitch', { userId: lanId, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call('session:pinSwitch', { userId: lanId, pin: '2468' })).toMatchObject({ ok: true, value: { userName: 'Nguyễn Thị Lan', role: 'clerk' } });
  });
});
