import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { saneTestEnvCreate, type SaneTestEnv } from '../../scanner-drivers/sane/saneTestEnv.js';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

const dirs: string[] = [];
let sane: SaneTestEnv | undefined;
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await sane?.remove();
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'motcua-cli-scan-'));
  dirs.push(d);
  return d;
}

function io(env: Record<string, string | undefined> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env, cwd: process.cwd() };
}

describe('motcua scanners / scan', () => {
  it('lists SANE test devices and the fake as JSON', async () => {
    sane = await saneTestEnvCreate();
    const c = io({ SANE_CONFIG_DIR: sane.dir });
    expect(await cliRun(['scanners', '--json'], c)).toBe(0);
    const r = JSON.parse(c.stdout.join('')) as { devices: { id: string }[] };
    expect(r.devices.map((d) => d.id)).toEqual(['sane:test:0', 'sane:test:1', 'fake:demo']);
  });

  it('scans three feeder pages from SANE into a folder', async () => {
    sane ??= await saneTestEnvCreate();
    const out = await tempDir();
    const c = io({ SANE_CONFIG_DIR: sane.dir });
    expect(await cliRun(['scan', '--device', 'sane:test:0', '--source', 'adf', '--pages', '3', '--dpi', '75', '--out', out, '--json'], c)).toBe(0);
    const r = JSON.parse(c.stdout.join('')) as { pages: { path: string; width: number }[] };
    expect(r.pages).toHaveLength(3);
    expect((await readdir(out)).sort()).toEqual(['page-0001.png', 'page-0002.png', 'page-0003.png']);
  });

  it('refuses bad input with exit code 2 and one line', async () => {
    const out = await tempDir();
    for (const argv of [
      ['scan', '--out', out],
      ['scan', '--device', 'fake:demo'],
      ['scan', '--device', 'nonsense', '--out', out],
      ['scan', '--device', 'fake:demo', '--out', out, '--source', 'glass'],
      ['scan', '--device', 'fake:demo', '--out', out, '--dpi', 'high'],
      ['scan', '--device', 'fake:demo', '--out', out, '--pages', '0'],
      ['scan', '--device', 'fake:demo', '--out', out, '--dpi', '123456'],
      ['scan', '--device', 'fake:demo', '--out', out, '--bogus'],
      ['scanners', '--escl', 'ftp://x'],
    ]) {
      const c = io();
      expect(await cliRun(argv, c), argv.join(' ')).toBe(2);
      expect(c.stderr.join('\n').split('\n')).toHaveLength(1);
    }
  });

  it('reports a device fault with its code and exit 1', async () => {
    const c = io();
    expect(await cliRun(['scan', '--device', 'escl:http://127.0.0.1:9/eSCL', '--out', await tempDir()], c)).toBe(1);
    expect(c.stderr.join('')).toMatch(/scanner-offline/);
  });

  it('runs as a real process: npx motcua scan from the fake device', async () => {
    const out = await tempDir();
    const { stdout } = await promisify(execFile)('node', ['bin/motcua.js', 'scan', '--device', 'fake:demo', '--source', 'duplex', '--pages', '2', '--dpi', '100', '--out', out, '--json'], { cwd: process.cwd() });
    const r = JSON.parse(stdout) as { pages: { mime: string; width: number }[] };
    expect(r.pages.map((p) => [p.mime, p.width])).toEqual([['image/jpeg', 827], ['image/jpeg', 827]]);
    const bad = await promisify(execFile)('node', ['bin/motcua.js', 'scan', '--device', 'fake:demo']).catch((e: { code: number }) => e);
    expect((bad as { code: number }).code).toBe(2);
  });
});
