import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command.js';
import { cliRun } from '../../cli/main.js';
import { bundleTrustLoad } from '../../server/bundle/trustStore.js';
import { serverConfigParse } from '../../server/config.js';
import { enrolmentRequest } from '../../server/services/workstationEnrol.js';
import { serverDbOpen } from '../../server/start.js';

// `motcua server workstation trust | list | approve`: provincial IT registers a key only for named
// units, sees the enrolments workstations asked for, and approves one (issue 17).

function captureIo(): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { out: (t) => outText.push(t), err: (t) => errText.push(t), env: {}, cwd: process.cwd(), outText, errText };
}

const pemMake = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('motcua server workstation (CLI)', () => {
  let dir = '';
  let data = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-wscli-'));
    data = join(dir, 'data');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const trustOf = async () => {
    const { db, close } = await serverDbOpen(serverConfigParse(['--data', data], {}, process.cwd()));
    try {
      return await bundleTrustLoad(db, new Map());
    } finally {
      await close();
    }
  };

  it('registers a key for named units only, lists enrolments and approves one', { timeout: 240_000 }, async () => {
    const io = captureIo();
    const run = (argv: string[]) => cliRun(['server', 'workstation', ...argv, '--data', data], io);
    const pc1 = pemMake();
    // No more "any unit": --units is required.
    expect(await run(['trust', '--id', 'PC1', `--public-key=${pc1}`, '--init'])).toBe(2);
    expect(io.errText.at(-1)).toMatch(/--units/);
    expect(await run(['trust', '--id', 'PC1', `--public-key=${pc1}`, '--units', 'H81.01', '--init'])).toBe(0);
    expect(io.outText.at(-1)).toMatch(/^workstation PC1 trusted for H81\.01 \(key [0-9a-f]{32}\)$/);
    expect((await trustOf()).unitsOf('PC1')).toEqual(['H81.01']);

    // A counter PC asked to be enrolled (through POST /api/workstations/enrol).
    const { db, close } = await serverDbOpen(serverConfigParse(['--data', data], {}, process.cwd()));
    const asked = await enrolmentRequest(db, { usr: 'lan', units: ['H81.02'] }, { workstationId: 'PC2', name: 'Quầy 2', unitCode: 'H81.02', bundlePublicKeyPem: pemMake() }, Date.now());
    await close();
    expect(await run(['list', '--pending', '--json'])).toBe(0);
    expect(JSON.parse(io.outText.at(-1) ?? '[]')).toEqual([expect.objectContaining({ workstationId: 'PC2', unitCode: 'H81.02', status: 'pending', requestedBy: 'lan' })]);
    expect((await trustOf()).publicKeyOf('PC2')).toBeUndefined();

    expect(await run(['approve', '--id', 'PC2', '--key-id', 'f'.repeat(32)])).not.toBe(0);
    expect(await run(['approve', '--id', 'PC9'])).not.toBe(0);
    expect(await run(['approve', '--id', 'PC2', '--key-id', asked.keyId])).toBe(0);
    expect(io.outText.at(-1)).toBe(`workstation PC2 (Quầy 2) approved for H81.02 (key ${asked.keyId})`);
    expect((await trustOf()).unitsOf('PC2')).toEqual(['H81.02']);
    expect(await run(['list', '--pending'])).toBe(0);
    expect(io.outText.at(-1)).toBe('no enrolments');
  });
});
