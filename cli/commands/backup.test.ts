import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupServiceCreate } from '../../electron/services/backup/backupService.js';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

const passphrase = 'sao lưu hằng ngày';
function io(env: Record<string, string> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env, cwd: process.cwd() };
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-backup-cli-'));
  await writeFile(join(dir, 'settings.json'), '{}');
  const service = backupServiceCreate({ dataDir: dir, appVersion: '0.1.0', kdf: { N: 1024, r: 8, p: 1 } });
  file = (await service.create({ dump: { collections: {} }, folder: join(dir, 'usb'), passphrase })).path;
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('motcua backup verify', () => {
  it('accepts an intact backup, as a real process', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['bin/motcua.js', 'backup', 'verify', file, '--json'], { env: { ...process.env, MOTCUA_BACKUP_PASSPHRASE: passphrase } });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, files: 1 });
  });

  it('exits 1 on a wrong passphrase and on a changed byte', async () => {
    const c = io({ MOTCUA_BACKUP_PASSPHRASE: 'không phải mật khẩu' });
    expect(await cliRun(['backup', 'verify', file, '--json'], c)).toBe(1);
    expect(JSON.parse(c.stdout.join(''))).toMatchObject({ ok: false, code: 'backup-wrong-passphrase' });
    const bytes = await readFile(file);
    bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0xff;
    const bad = join(dir, 'bad.mcbak');
    await writeFile(bad, bytes);
    const d = io({ PASS: passphrase });
    expect(await cliRun(['backup', 'verify', bad, '--passphrase-env', 'PASS'], d)).toBe(1);
    expect(d.stdout.join('')).toMatch(/NOT usable: backup-corrupt/);
  });

  it('refuses a missing passphrase or file with exit code 2', async () => {
    const c = io();
    expect(await cliRun(['backup', 'verify', file], c)).toBe(2);
    expect(await cliRun(['backup', 'verify', join(dir, 'none.mcbak')], io({ MOTCUA_BACKUP_PASSPHRASE: passphrase }))).toBe(2);
    expect(await cliRun(['backup', 'make'], c)).toBe(2);
  });
});
