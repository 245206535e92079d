import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCreate, type Backend } from '../electron/app/backend.js';
import { configCreate } from '../electron/config/config.js';
import { auditVerify } from '../electron/services/audit/auditLog.js';
import { serverStart, type RunningServer } from '../server/start.js';

// Trusted time: the workstation runs with a wrong clock against a real provincial server.

const exec = promisify(execFile);
const hour = 3_600_000;
let server: RunningServer;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-clock-server-'));
  server = await serverStart(
    { host: '127.0.0.1', port: 0, dataDir, databaseUrl: undefined, s3: undefined, tls: undefined, trustProxy: false, accessTtlSec: 900, refreshTtlSec: 86_400 },
    {},
  );
});
afterAll(async () => {
  await server?.close();
});

async function workstation(skewMs: number, dataDir?: string): Promise<{ backend: Backend; call: (n: string, a?: unknown) => ReturnType<Backend['invoke']>; dataDir: string }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'motcua-clock-')));
  const backend = backendCreate(configCreate({ dataDir: dir, pcClock: () => Date.now() + skewMs, linkIntervalMs: 3_600_000 }));
  const call = (name: string, args: unknown = {}) => backend.invoke(name, args, 'test');
  if (!dataDir) {
    await call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1', serverUrl: server.url });
    await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await call('session:signIn', { username: 'admin', password: 'mat-khau-1' });
    await call('blocks:set', { from: 1, to: 99 });
    await call('users:add', { username: 'lan', displayName: 'Nguyễn Thị Lan', password: 'mat-khau-2', role: 'clerk', units: ['H29.01'] });
    await call('users:add', { username: 'sep', displayName: 'Phạm Lãnh Đạo', password: 'mat-khau-3', role: 'supervisor', units: ['H29.01'] });
  }
  await call('session:signIn', { username: 'lan', password: 'mat-khau-2' });
  await call('link:check');
  return { backend, call, dataDir: dir };
}

describe('a counter PC with a wrong clock', () => {
  it('measures its offset from the server, blocks intake when hours ahead, and lets a supervisor override with a reason', async () => {
    const { call, dataDir } = await workstation(3 * hour);
    const status = await call('clock:status');
    expect(status).toMatchObject({ ok: true, value: { trusted: false, problems: [{ code: 'offset-too-large' }] } });
    if (status.ok) expect(Math.abs((status.value as { offsetMs: number }).offsetMs + 3 * hour)).toBeLessThan(60_000);
    expect(await call('dossier:receive', { dossierId: 'd-clock-01', procedureCode: 'HT-04' })).toMatchObject({ ok: false, error: { code: 'clock-untrusted' } });
    expect(await call('clock:override', { username: 'lan', password: 'mat-khau-2', reason: 'Máy chưa chỉnh được giờ' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('clock:override', { username: 'sep', password: 'mat-khau-3', reason: 'Chờ kỹ thuật chỉnh giờ máy' })).toMatchObject({ ok: true, value: { trusted: true, override: { userName: 'Phạm Lãnh Đạo' } } });
    const received = await call('dossier:receive', { dossierId: 'd-clock-01', procedureCode: 'HT-04' });
    expect(received.ok).toBe(true);
    if (!received.ok) return;
    // The record carries the server-corrected time, in Vietnam time, not the PC's wrong reading.
    const stamp = (received.value as { stamp: { at: string; clock: { serverOffsetMs: number } } }).stamp;
    expect(Math.abs(Date.parse(stamp.at) - Date.now())).toBeLessThan(60_000);
    expect(stamp.at).toMatch(/\+07:00$/);
    expect((await auditVerify(join(dataDir, 'audit.log'))).ok).toBe(true);
  });

  it('blocks a PC whose clock reset to a past year (outside the rule packs), even with no server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-clock-cmos-'));
    const backend = backendCreate(configCreate({ dataDir: dir, pcClock: () => Date.parse('2019-03-01T08:00:00+07:00'), linkIntervalMs: 3_600_000 }));
    const call = (name: string, args: unknown = {}) => backend.invoke(name, args, 'test');
    await call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1', serverUrl: 'http://127.0.0.1:9' });
    const status = await call('clock:status');
    expect(status).toMatchObject({ ok: true, value: { trusted: false, problems: [{ code: 'outside-rule-packs' }] } });
  });

  it('refuses a clock that jumped backwards after a restart, offline, and never stamps backwards', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-clock-back-'));
    const open = (skewMs: number) => {
      const backend = backendCreate(configCreate({ dataDir: dir, pcClock: () => Date.now() + skewMs, linkIntervalMs: 3_600_000 }));
      return { backend, call: (name: string, args: unknown = {}) => backend.invoke(name, args, 'test') };
    };
    const first = open(0);
    await first.call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1', serverUrl: 'http://127.0.0.1:9' });
    await first.call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
    await first.call('session:signIn', { username: 'admin', password: 'mat-khau-1' });
    await first.call('blocks:set', { from: 1, to: 99 });
    await first.call('users:add', { username: 'lan', displayName: 'Lan', password: 'mat-khau-2', role: 'clerk', units: ['H29.01'] });
    await first.call('users:add', { username: 'sep', displayName: 'Sếp', password: 'mat-khau-3', role: 'supervisor', units: ['H29.01'] });
    await first.call('session:signIn', { username: 'lan', password: 'mat-khau-2' });
    const before = await first.call('dossier:receive', { dossierId: 'd-clock-02', procedureCode: 'HT-04' });
    first.backend.services.link.stop();
    // Restart with the clock two hours behind (someone "fixed" it by hand).
    const again = open(-2 * hour);
    await again.call('session:signIn', { username: 'lan', password: 'mat-khau-2' });
    const status = await again.call('clock:status');
    expect(status).toMatchObject({ ok: true, value: { trusted: false, problems: [{ code: 'ran-backwards' }] } });
    expect(await again.call('dossier:receive', { dossierId: 'd-clock-03', procedureCode: 'HT-04' })).toMatchObject({ ok: false, error: { code: 'clock-untrusted' } });
    await again.call('clock:override', { username: 'sep', password: 'mat-khau-3', reason: 'Đồng hồ lệch, đã báo kỹ thuật' });
    const after = await again.call('dossier:receive', { dossierId: 'd-clock-03', procedureCode: 'HT-04' });
    const at = (r: typeof after): string => (r.ok ? (r.value as { stamp: { at: string } }).stamp.at : '');
    expect(at(after) >= at(before)).toBe(true);
    again.backend.services.link.stop();
  });

  it('writes Vietnam dates in codes and due dates whatever the PC time zone', async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/receiveOnce.ts')], {
      env: { ...process.env, TZ: 'America/Los_Angeles' },
      cwd: join(import.meta.dirname, '..'),
    });
    const out = JSON.parse(stdout) as { code: string; dueAt: string; at: string; vnDate: string; timeZone: string };
    expect(out.timeZone).toBe('America/Los_Angeles');
    expect(out.at).toMatch(/\+07:00$/);
    expect(out.dueAt).toMatch(/\+07:00$/);
    expect(out.code).toContain(`-${out.vnDate.slice(2, 4)}${out.vnDate.slice(5, 7)}${out.vnDate.slice(8, 10)}-`);
  });
});
