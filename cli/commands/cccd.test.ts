import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: process.cwd() };
}

describe('motcua cccd', () => {
  it('prints province, gender and century of a valid number', async () => {
    const c = io();
    expect(await cliRun(['cccd', '079215000001', '--birth-year', '2015', '--gender', 'male', '--json'], c)).toBe(0);
    expect(JSON.parse(c.stdout.join(''))).toMatchObject({ valid: true, provinceCode: '079', province: 'Hồ Chí Minh', gender: 'male', century: 20 });
  });

  it('explains an invalid number and exits 1', async () => {
    const c = io();
    expect(await cliRun(['cccd', '058186000028', '--gender', 'male', '--json'], c)).toBe(1);
    const r = JSON.parse(c.stdout.join('')) as { valid: boolean; reason: string; reasonCode: string };
    expect(r).toMatchObject({ valid: false, reasonCode: 'gender-mismatch' });
    expect(r.reason).toMatch(/giới tính/);
  });

  it('refuses bad arguments with exit 2', async () => {
    expect(await cliRun(['cccd'], io())).toBe(2);
    expect(await cliRun(['cccd', '079215000001', '--gender', 'x'], io())).toBe(2);
    expect(await cliRun(['cccd', '079215000001', '--birth-year', '15'], io())).toBe(2);
  });
});
