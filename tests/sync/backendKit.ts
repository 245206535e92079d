import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendCreate } from '../../electron/app/backend.js';
import { configCreate } from '../../electron/config/config.js';

// A workstation's main side alone (no renderer), set up against a provincial server and called
// as the IPC bridge calls it: for tests of sign-in and the user directory.

export interface BackendWorkstation {
  call(name: string, args?: unknown): Promise<unknown>;
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function backendWorkstationOpen(serverUrl: string, workstationName = 'Quầy 1'): Promise<BackendWorkstation> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-backend-'));
  const backend = backendCreate(configCreate({ dataDir }));
  const call = (name: string, args: unknown = {}) => backend.invoke(name, args, 'test');
  await call('setup:save', { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName, serverUrl });
  await call('setup:admin', { username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1' });
  return { call, dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}
