import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { userStoreCreate, type ServerUser } from './userStore.js';

// The workstation's user store: server people carry no server hash, only a verifier made here.

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length > 0) await rm(dirs.pop() ?? '', { recursive: true, force: true });
});
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-users-'));
  dirs.push(dir);
  return dir;
}
const hoa: ServerUser = { userId: 'srv-7', username: 'hoa', displayName: 'Nguyễn Thị Hoa', role: 'clerk', units: ['H29.01'], revoked: false };
const serverHash = '$argon2id$v=19$m=19456,t=2,p=1$c2VydmVyc2FsdHNlcnZlcg$3dbtn7Tq1VBA0VdPHSVRkArV7cUf0Yc2lCmq36ZfJwE';

describe('user store', () => {
  it('drops the server hashes a file from before issue 17 holds, keeping local people as they were', async () => {
    const dir = await dataDir();
    const local = { userId: 'u-1', username: 'admin', displayName: 'Quản trị', role: 'admin', units: ['H29.01'], passwordHash: serverHash, pinHash: null, revoked: false, source: 'local' };
    await writeFile(join(dir, 'users.json'), JSON.stringify({ users: [local, { ...hoa, passwordHash: serverHash, pinHash: null, source: 'server' }] }));
    const users = userStoreCreate(dir);
    expect((await users.list()).map((u) => [u.username, u.passwordHash])).toEqual([['admin', serverHash], ['hoa', null]]);
    const onDisk = await readFile(join(dir, 'users.json'), 'utf8');
    expect(onDisk.split(serverHash)).toHaveLength(2);
    expect(JSON.parse(onDisk)).toMatchObject({ version: 2 });
    await expect(users.verifyPassword('hoa', 'hoa-secret-pw')).rejects.toMatchObject({ code: 'offline-sign-in-unavailable' });
  });

  it('makes a verifier for a server person only, keeps it across refreshes of the same account, not for a new account under the name', async () => {
    const users = userStoreCreate(await dataDir());
    await users.add({ username: 'admin', displayName: 'Quản trị', password: 'mat-khau-1', role: 'admin', units: ['H29.01'] });
    expect(await users.verifierMake('admin', 'something-else')).toBe(false);
    expect(await users.verifyPassword('admin', 'mat-khau-1')).toMatchObject({ role: 'admin' });

    // A refresh and a new verifier at the same moment: neither is lost.
    await Promise.all([users.replaceFromServer([hoa]), users.verifierMake('hoa', 'hoa-secret-pw').then(() => users.replaceFromServer([hoa]))]);
    const first = (await users.list()).find((u) => u.username === 'hoa')?.passwordHash;
    expect(first).toMatch(/^\$argon2id\$/);
    expect(await users.verifyPassword('hoa', 'hoa-secret-pw')).toMatchObject({ userName: 'Nguyễn Thị Hoa', role: 'clerk' });

    // Each online sign-in makes a fresh one (a new salt).
    await users.verifierMake('hoa', 'hoa-secret-pw');
    expect((await users.list()).find((u) => u.username === 'hoa')?.passwordHash).not.toBe(first);

    await users.replaceFromServer([{ ...hoa, role: 'supervisor', displayName: undefined }]);
    expect(await users.verifyPassword('hoa', 'hoa-secret-pw')).toMatchObject({ userName: 'Nguyễn Thị Hoa', role: 'supervisor' });
    await users.replaceFromServer([{ ...hoa, revoked: true }]);
    await expect(users.verifyPassword('hoa', 'hoa-secret-pw')).rejects.toMatchObject({ code: 'forbidden' });

    await users.replaceFromServer([{ ...hoa, userId: 'srv-99' }]);
    await expect(users.verifyPassword('hoa', 'hoa-secret-pw')).rejects.toMatchObject({ code: 'offline-sign-in-unavailable' });
  });
});
