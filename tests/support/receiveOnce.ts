import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendCreate } from '../../electron/app/backend.js';
import { configCreate } from '../../electron/config/config.js';
import { isoFromDay, vnWall } from '../../shared/domain/time/vnTime.js';

// Runs one intake stamp in a process whose TZ the test chooses, and prints what was recorded.
const backend = backendCreate(configCreate({ dataDir: await mkdtemp(join(tmpdir(), 'motcua-tz-')), linkIntervalMs: 3_600_000 }));
const call = (name: string, args: unknown = {}) => backend.invoke(name, args, 'test');
await call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1', serverUrl: 'http://127.0.0.1:9' });
await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
await call('session:signIn', { username: 'admin', password: 'mat-khau-1' });
await call('blocks:set', { from: 1, to: 99 });
await call('users:add', { username: 'lan', displayName: 'Lan', password: 'mat-khau-2', role: 'clerk', units: ['H29.01'] });
await call('session:signIn', { username: 'lan', password: 'mat-khau-2' });
const r = await call('dossier:receive', { dossierId: 'd-tz-000001', procedureCode: 'HT-04' });
if (!r.ok) throw new Error(JSON.stringify(r.error));
const v = r.value as { code: string; dueAt: string; stamp: { at: string } };
process.stdout.write(
  JSON.stringify({ code: v.code, dueAt: v.dueAt, at: v.stamp.at, vnDate: isoFromDay(vnWall(Date.parse(v.stamp.at)).day), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
);
backend.services.link.stop();
