import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendCreate } from '../../app/backend.js';
import { configCreate } from '../../config/config.js';

async function counter() {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-dossier-'));
  const backend = backendCreate(configCreate({ dataDir }));
  const call = (name: string, args: unknown = {}) => backend.invoke(name, args, 'test');
  await call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1', serverUrl: 'http://127.0.0.1:9' });
  await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
  await call('session:signIn', { username: 'admin', password: 'mat-khau-1' });
  await call('blocks:set', { from: 1, to: 500 });
  for (const [username, displayName, role] of [['lan', 'Nguyễn Thị Lan', 'clerk'], ['buu', 'Lê Văn Bưu', 'postal'], ['sep', 'Phạm Lãnh Đạo', 'supervisor']]) {
    await call('users:add', { username, displayName, password: 'mat-khau-2', role, units: ['H29.01'] });
  }
  const as = (username: string) => call('session:signIn', { username, password: 'mat-khau-2' });
  return { call, as };
}

describe('counter stamps', () => {
  it('gives an intake a code from the workstation block and a due date from the catalogue', async () => {
    const { call, as } = await counter();
    await as('lan');
    const first = await call('dossier:receive', { dossierId: 'd-0000001', procedureCode: 'HT-04' });
    const second = await call('dossier:receive', { dossierId: 'd-0000002', procedureCode: 'HT-04' });
    expect(first).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^H29\.01-\d{6}-0001$/), procedure: { name: 'Đăng ký nhận cha, mẹ, con' }, stamp: { actor: { userName: 'Nguyễn Thị Lan' } } } });
    expect(second).toMatchObject({ ok: true, value: { code: expect.stringMatching(/-0002$/) } });
    if (!first.ok || !second.ok) return;
    const a = first.value as { dueAt: string; stamp: { at: string } };
    const b = second.value as { stamp: { at: string } };
    expect(a.dueAt > a.stamp.at).toBe(true);
    expect(b.stamp.at >= a.stamp.at).toBe(true);
  });

  it('refuses an unknown procedure unless a supervisor signs it off', async () => {
    const { call, as } = await counter();
    await as('lan');
    expect(await call('dossier:receive', { dossierId: 'd-0000003', procedureCode: '9.999999' })).toMatchObject({ ok: false, error: { code: 'procedure-unknown' } });
    const wrongRole = await call('dossier:receive', { dossierId: 'd-0000003', procedureCode: '9.999999', override: { username: 'lan', password: 'mat-khau-2', reason: 'thủ tục mới' } });
    expect(wrongRole).toMatchObject({ ok: false, error: { code: 'procedure-unknown' } });
    const ok = await call('dossier:receive', { dossierId: 'd-0000003', procedureCode: '9.999999', override: { username: 'sep', password: 'mat-khau-2', reason: 'thủ tục mới công bố' } });
    expect(ok).toMatchObject({ ok: true, value: { override: { reason: 'thủ tục mới công bố' } } });
  });

  it('lets postal staff take a dossier in but not transfer or return it', async () => {
    const { call, as } = await counter();
    await as('buu');
    expect((await call('dossier:receive', { dossierId: 'd-0000004', procedureCode: 'CU-02' })).ok).toBe(true);
    expect(await call('dossier:transfer', { dossierId: 'd-0000004', payload: { toUnit: 'H29.01.02', note: null } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('dossier:return', { dossierId: 'd-0000004', payload: { delivery: 'counter', note: null } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await as('lan');
    expect(await call('dossier:transfer', { dossierId: 'd-0000004', payload: { toUnit: 'H29.01.02', note: null } })).toMatchObject({ ok: true });
    expect(await call('dossier:transfer', { dossierId: 'd-0000004', payload: { toUnit: '' } })).toMatchObject({ ok: false, error: { code: 'validation-failed' } });
  });
});
