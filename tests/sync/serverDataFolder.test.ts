import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRun } from '../../cli/main.js';
import type { CliIo } from '../../cli/command.js';
import { serverConfigParse } from '../../server/config.js';
import { dataMarkerName } from '../../server/dataFolder.js';
import { serverStart, type RunningServer } from '../../server/start.js';
import { userAdd } from '../../server/services/users.js';
import { eventWire } from '../support/dossierEvents.js';
import { dossierReceived, push } from './fileKit.js';
import { serverProcessStart } from './serverProcess.js';
import { api, testLogin } from './serverKit.js';

// The embedded database's folder is never silently replaced: a folder that does not exist is
// made only with --init, a new one always with a line saying so; a damaged or half-present
// database refuses to start (server and admin commands, exit 1) and is left as it was; a
// folder lost while the server runs stops its writes and fails its health.

const unit = 'H29.01';

function ioCapture(): CliIo & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (t) => outs.push(t), err: (t) => errs.push(t), env: { PW: 'lan-secret-pw' }, cwd: process.cwd() };
}

function start(dataDir: string, extra: string[] = [], notices: string[] = []): Promise<RunningServer> {
  const config = serverConfigParse(['--port', '0', '--data', dataDir, ...extra], {}, process.cwd());
  return serverStart(config, {}, { notice: (line) => notices.push(line), log: () => undefined });
}

describe('the embedded data folder', () => {
  let root = '';
  let data = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'motcua-datafolder-'));
    data = join(root, 'province');
    await mkdir(data);
    // An existing empty folder (made by the operator, or a fresh volume) becomes a data folder, said on stdout.
    const notices: string[] = [];
    const server = await start(data, [], notices);
    expect(notices).toEqual([`MotCua server: new data folder created at ${data}`]);
    expect(server.dataFolderCreated).toBe(true);
    await userAdd(server.db, { username: 'lan', password: 'lan-secret-pw', role: 'clerk', units: [unit] });
    await server.close();
  }, 300_000);
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('is not made where --data points to nothing, unless --init is given', { timeout: 120_000 }, async () => {
    const typo = join(root, 'provnice');
    await expect(start(typo)).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/does not exist.*--init/) as unknown });
    const io = ioCapture();
    expect(await cliRun(['server', 'user', 'add', '--data', typo, '--username', 'hoa.nt', '--password-env', 'PW', '--role', 'clerk', '--units', unit], io)).toBe(1);
    expect(io.errs.join('\n')).toMatch(/does not exist/);
    const proc = serverProcessStart(['--port', '0', '--data', typo]);
    expect(await proc.exited).toBe(1);
    expect(proc.stderr().trim().split('\n')).toHaveLength(1);
    expect(existsSync(typo)).toBe(false);
    // With --init, the admin command makes it and says so.
    expect(await cliRun(['server', 'user', 'add', '--data', typo, '--init', '--username', 'hoa.nt', '--password-env', 'PW', '--role', 'clerk', '--units', unit], io)).toBe(0);
    expect(io.outs).toContain(`MotCua server: new data folder created at ${typo}`);
    expect(existsSync(join(typo, dataMarkerName))).toBe(true);
  });

  it('refuses a folder whose database lost PG_VERSION or another file, or its pg/ folder, and leaves it as it was', { timeout: 120_000 }, async () => {
    for (const lost of ['PG_VERSION', 'global/pg_control']) {
      const file = join(data, 'pg', lost);
      const saved = await readFile(file);
      await rm(file);
      try {
        await expect(start(data)).rejects.toMatchObject({ code: 'db-lost', message: expect.stringContaining(lost) as unknown });
        const io = ioCapture();
        expect(await cliRun(['server', 'user', 'revoke', '--data', data, '--username', 'lan'], io)).toBe(1);
        expect(io.errs.join('\n')).toMatch(/db-lost: .*incomplete/);
        expect(existsSync(file)).toBe(false);
      } finally {
        await writeFile(file, saved);
      }
    }
    await rename(join(data, 'pg'), join(root, 'pg-aside'));
    const proc = serverProcessStart(['--port', '0', '--data', data]);
    try {
      expect(await proc.exited).toBe(1);
      expect(proc.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^motcua server: db-lost: .*pg\/ is missing/)]);
      expect(existsSync(join(data, 'pg'))).toBe(false);
    } finally {
      await rename(join(root, 'pg-aside'), join(data, 'pg'));
    }
  });

  it('refuses a folder that holds other things than a MotCua data folder', async () => {
    const home = join(root, 'someone-else');
    await mkdir(home);
    await writeFile(join(home, 'notes.txt'), 'not ours');
    await expect(start(home)).rejects.toMatchObject({ code: 'validation-failed', message: expect.stringMatching(/not a MotCua data folder/) as unknown });
    expect(existsSync(join(home, 'pg'))).toBe(false);
  });

  it('stops writes and fails health when the folder goes away under the running server; the restored folder has everything', { timeout: 300_000 }, async () => {
    const server = await start(data);
    const aside = join(root, 'province-aside');
    try {
      expect(server.dataFolderCreated).toBe(false);
      const token = (await testLogin(server.url, 'lan')).accessToken;
      const before = dossierReceived(unit);
      expect((await push(server.url, token, 'events', [eventWire(before.received, unit)])).status).toBe(200);
      expect((await api(server.url, 'GET', '/api/health')).body).toEqual({ ok: true });

      // Someone moves (or deletes) the folder while the server runs.
      await rename(data, aside);
      const after = dossierReceived(unit);
      const refused = await push(server.url, token, 'events', [eventWire(after.received, unit)]);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: 'unavailable', details: { reason: 'data-folder-lost' } } });
      const health = await api(server.url, 'GET', '/api/health');
      expect([health.status, health.body]).toEqual([503, { ok: false, reason: 'data-folder-lost' }]);
      // Putting a new folder in its place does not make it the same folder.
      await mkdir(data);
      expect((await api(server.url, 'GET', '/api/health')).status).toBe(503);
    } finally {
      await server.close().catch(() => undefined);
    }
    await rm(data, { recursive: true, force: true });
    await rename(aside, data);
    const again = await start(data);
    try {
      expect((await testLogin(again.url, 'lan')).accessToken).toBeTruthy();
    } finally {
      await again.close();
    }
  });
});
