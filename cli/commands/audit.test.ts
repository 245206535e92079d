import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogOpen } from '../../electron/services/audit/auditLog.js';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: process.cwd() };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-audit-cli-'));
  const log = auditLogOpen(join(dir, 'audit.log'));
  for (let i = 1; i <= 6; i++) await log.append({ command: 'dossier:intake', i });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('motcua audit verify', () => {
  it('reports an intact chain from the data folder', async () => {
    const c = io();
    expect(await cliRun(['audit', 'verify', '--data', dir, '--json'], c)).toBe(0);
    expect(JSON.parse(c.stdout.join(''))).toMatchObject({ ok: true, records: 6 });
  });

  it('names the first broken line of an edited copy, as a real process', async () => {
    const lines = (await readFile(join(dir, 'audit.log'), 'utf8')).trimEnd().split('\n');
    lines[3] = lines[3]!.replace('"i":4', '"i":40');
    const copy = join(dir, 'edited.log');
    await writeFile(copy, `${lines.join('\n')}\n`);
    const c = io();
    expect(await cliRun(['audit', 'verify', '--file', copy, '--json'], c)).toBe(1);
    expect(JSON.parse(c.stdout.join(''))).toMatchObject({ ok: false, firstBroken: { line: 4, reason: 'content altered' } });

    const deleted = join(dir, 'deleted.log');
    await writeFile(deleted, `${lines.filter((_, i) => i !== 1).join('\n')}\n`);
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['bin/motcua.js', 'audit', 'verify', '--file', deleted], { cwd: process.cwd() }).catch((e: { code: number; stdout: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stdout: string }).stdout).toMatch(/BROKEN at line 2: sequence 3 where 2 was expected/);
  });

  it('refuses bad arguments with exit code 2', async () => {
    const c = io();
    expect(await cliRun(['audit', 'check'], c)).toBe(2);
    expect(await cliRun(['audit', 'verify', '--data', dir, '--file', 'x'], c)).toBe(2);
    expect(await cliRun(['audit', 'verify', '--data', join(dir, 'nowhere')], c)).toBe(2);
    expect(c.stderr.at(-1)).toMatch(/no audit log at/);
  });
});
