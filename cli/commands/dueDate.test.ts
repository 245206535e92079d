import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
let dir = '';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: dir };
}

async function dueAt(args: string[]): Promise<string> {
  const c = io();
  expect(await cliRun(['due-date', ...args, '--json'], c), c.stderr.join('\n')).toBe(0);
  return (JSON.parse(c.stdout.join('')) as { dueAt: string }).dueAt;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-due-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('motcua due-date', () => {
  it('computes across Tết 2026 on the built-in calendar', async () => {
    expect(await dueAt(['--received', '2026-02-13T10:00:00+07:00', '--duration', '3', '--unit', 'working-days'])).toBe('2026-02-25T10:00:00+07:00');
  });

  it('applies a same-day cut-off and months', async () => {
    expect(await dueAt(['--received', '2026-03-02T15:30:00+07:00', '--same-day', '--cutoff', '15:00'])).toBe('2026-03-03T17:30:00+07:00');
    expect(await dueAt(['--received', '2026-01-31T08:00:00+07:00', '--duration', '1', '--unit', 'months'])).toBe('2026-03-02T08:00:00+07:00');
  });

  it('uses a calendar file: weekends off unless listed as working', async () => {
    await writeFile(join(dir, 'cal.json'), JSON.stringify({ version: 't1', nonWorkingDays: ['2026-03-03'], workingDays: ['2026-03-07'] }));
    expect(await dueAt(['--received', '2026-03-02T09:00:00+07:00', '--duration', '4', '--unit', 'working-days', '--calendar', 'cal.json'])).toBe(
      '2026-03-07T09:00:00+07:00',
    );
  });

  it.each([
    [['--received', '2026-03-02T09:00:00', '--duration', '1', '--unit', 'days'], /múi giờ/],
    [['--received', '2026-03-02T09:00:00+07:00', '--duration', '1', '--unit', 'weeks'], /--unit/],
    [['--received', '2026-03-02T09:00:00+07:00', '--duration', '-1', '--unit', 'days'], /--duration/],
    [['--received', '2026-03-02T09:00:00+07:00', '--duration', '1', '--unit', 'days', '--cutoff', '25:00'], /Giờ/],
    [['--received', '2026-03-02T09:00:00+07:00', '--duration', '1', '--unit', 'days', '--calendar', 'missing.json'], /cannot read/],
    [['--duration', '1', '--unit', 'days'], /--received/],
  ])('refuses bad input %j with exit 2 and a one-line reason', async (args, reason) => {
    const c = io();
    expect(await cliRun(['due-date', ...args, '--json'], c)).toBe(2);
    expect(c.stderr.join('\n')).toMatch(reason);
    expect(c.stdout).toEqual([]);
  });

  it('refuses a malformed calendar file', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ version: 'x', nonWorkingDays: ['2026-02-30'] }));
    const c = io();
    expect(await cliRun(['due-date', '--received', '2026-03-02T09:00:00+07:00', '--duration', '1', '--unit', 'days', '--calendar', 'bad.json'], c)).toBe(2);
    expect(c.stderr.join('')).toMatch(/nonWorkingDays\.0/);
  });

  it('works as a real process with another process time zone', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(root, 'bin/motcua.js'), 'due-date', '--received', '2026-11-23T16:00:00+07:00', '--duration', '1', '--unit', 'working-days', '--json'],
      { cwd: dir, env: { ...process.env, TZ: 'Pacific/Honolulu' } },
    );
    expect(JSON.parse(stdout)).toEqual({ dueAt: '2026-11-25T16:00:00+07:00' });
    const bad = await run(process.execPath, [join(root, 'bin/motcua.js'), 'due-date', '--unit', 'hours'], { cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
  });
});
