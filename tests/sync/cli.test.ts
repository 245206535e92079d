import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRun } from '../../cli/main.js';
import type { CliIo } from '../../cli/command.js';
import { api, testLogin } from './serverKit.js';

// `motcua server` as provincial IT uses it: admin commands on a data folder, then the server
// started as a real process, then a clerk logging in and claiming blocks and rule packs.

function captureIo(env: Record<string, string | undefined> = {}): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { out: (t) => outText.push(t), err: (t) => errText.push(t), env, cwd: process.cwd(), outText, errText };
}

describe('motcua server (CLI)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-cli-'));
  }, 300_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('adds users, units, packs and blocks, then serves them from a real process', { timeout: 240_000 }, async () => {
    const data = join(dir, 'data');
    const io = captureIo({ CLERK_PW: 'clerk-a-secret-pw' });
    const run = (argv: string[]) => cliRun(['server', ...argv, '--data', data], io);
    await writeFile(join(dir, 'units.json'), JSON.stringify([{ code: 'H05.01', name: 'UBND xã A' }]));
    // The data folder does not exist yet: the first command creates it only when told, and says so.
    expect(await run(['unit', 'import', join(dir, 'units.json')])).toBe(1);
    expect(io.errText.at(-1)).toMatch(/does not exist.*--init/);
    expect(await run(['unit', 'import', join(dir, 'units.json'), '--init'])).toBe(0);
    expect(io.outText).toContain(`MotCua server: new data folder created at ${data}`);
    expect(await run(['user', 'add', '--username', 'clerk-a', '--password-env', 'CLERK_PW', '--role', 'clerk', '--units', 'H05.01'])).toBe(0);
    expect(await run(['calendar', 'import', 'resources/rulepacks/calendar-2024-2031.json', '--json'])).toBe(0);
    expect(JSON.parse(io.outText.at(-1) ?? '{}')).toMatchObject({ kind: 'calendar', created: true });
    expect(await run(['catalog', 'import', 'resources/rulepacks/catalogue.sample.json'])).toBe(0);
    expect(await run(['blocks', 'assign', '--workstation', 'PC1', '--agency', 'H05.01', '--size', '2000'])).toBe(0);
    expect(await run(['blocks', 'assign', '--workstation', 'PC2', '--agency', 'H05.01', '--size', '2000', '--json'])).toBe(0);
    expect(JSON.parse(io.outText.at(-1) ?? '{}')).toMatchObject({ firstNo: 2001, lastNo: 4000 });
    // Bad input: exit 2 with one line; a calendar file given as a catalogue is refused.
    expect(await run(['user', 'add', '--username', 'x', '--role', 'boss'])).toBe(2);
    expect(await run(['catalog', 'import', 'resources/rulepacks/calendar-2024-2031.json'])).not.toBe(0);
    expect(io.errText.at(-1)).toMatch(/calendar/);

    const child = spawn(process.execPath, ['bin/motcua.js', 'server', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      expect(line).toMatch(/^MotCua server: http:\/\/127\.0\.0\.1:\d+$/);
      const base = line.replace('MotCua server: ', '');
      // While the server holds the data folder, an admin command refuses to open it.
      expect(await run(['blocks', 'assign', '--workstation', 'PC3', '--agency', 'H05.01', '--size', '5'])).not.toBe(0);
      expect(io.errText.at(-1)).toMatch(/in use/);

      const { accessToken } = await testLogin(base, 'clerk-a');
      const blocks = await api<{ blocks: Array<{ firstNo: number; lastNo: number }> }>(base, 'POST', '/api/blocks/claim', { token: accessToken, body: { workstationId: 'PC1' } });
      expect(blocks.body.blocks).toEqual([expect.objectContaining({ firstNo: 1, lastNo: 2000, agencyCode: 'H05.01' })]);
      const packs = await api<{ packs: Array<{ kind: string; rev: number }>; latest: number }>(base, 'GET', '/api/rulepacks?since=0', { token: accessToken });
      expect(packs.body.packs.map((p) => p.kind)).toEqual(['calendar', 'catalogue']);
      const later = await api<{ packs: unknown[] }>(base, 'GET', `/api/rulepacks?since=${packs.body.latest}`, { token: accessToken });
      expect(later.body.packs).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
