import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: process.cwd() };
}

describe('motcua calendar', () => {
  it('lists weekdays off and make-up weekend days of a year', async () => {
    const c = io();
    expect(await cliRun(['calendar', '--year', '2025', '--json'], c)).toBe(0);
    const r = JSON.parse(c.stdout.join('')) as { year: number; nonWorkingWeekdays: string[]; workingWeekendDays: string[] };
    expect(r.year).toBe(2025);
    expect(r.nonWorkingWeekdays).toEqual([
      '2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31',
      '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02',
    ]);
    expect(r.workingWeekendDays).toEqual(['2025-04-26']);
  });

  it('includes 24/11 from 2026 and Tết 2026', async () => {
    const c = io();
    await cliRun(['calendar', '--year', '2026', '--json'], c);
    const r = JSON.parse(c.stdout.join('')) as { nonWorkingWeekdays: string[] };
    expect(r.nonWorkingWeekdays).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-20', '2026-04-27', '2026-11-24']));
  });

  it('refuses a bad year', async () => {
    const c = io();
    expect(await cliRun(['calendar', '--year', '26'], c)).toBe(2);
    expect(c.stderr.join('')).toMatch(/--year/);
    expect(await cliRun(['calendar'], io())).toBe(2);
  });
});
