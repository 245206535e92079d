import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './command.js';
import { cliRun } from './main.js';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..');

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: root };
}

describe('motcua CLI frame', () => {
  it('lists every registered command in --help', async () => {
    const io = captureIo();
    expect(await cliRun(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Commands:[\s\S]*info/);
  });

  it('refuses an unknown command with one line and exit code 2', async () => {
    const io = captureIo();
    expect(await cliRun(['bogus'], io)).toBe(2);
    expect(io.stderr).toEqual(['motcua: unknown command "bogus" (run "motcua --help" for the list)']);
  });

  it('refuses unknown options of a command', async () => {
    const io = captureIo();
    expect(await cliRun(['info', '--frobnicate'], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/^motcua info: Unknown option '--frobnicate'/);
  });

  it('runs as a real process through npx-style bin with --json and --version', async () => {
    const bin = join(root, 'bin/motcua.js');
    const info = await exec(process.execPath, [bin, 'info', '--json'], { cwd: root });
    expect(JSON.parse(info.stdout)).toMatchObject({ version: expect.any(String), commands: expect.any(Number) });
    const version = await exec(process.execPath, [bin, '--version'], { cwd: root });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    await expect(exec(process.execPath, [bin, 'bogus'], { cwd: root })).rejects.toMatchObject({ code: 2 });
  });
});
