import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  p12Password,
  pdfsigRead,
  softhsmLibrary,
  testPkiCreate,
  tokenLabel,
  tokenPin,
  type TestPki,
} from '../../electron/services/signing/testSupport/pki.js';
import { pdfFixture } from '../../electron/services/signing/testSupport/pdfFixture.js';
import { tsaServerStart, type TsaServer } from '../../electron/services/signing/testSupport/tsaServer.js';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
let pki: TestPki;
let tsa: TsaServer;

function io(env: Record<string, string> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: { ...pki.env, ...env }, cwd: pki.dir };
}

beforeAll(async () => {
  pki = testPkiCreate();
  tsa = await tsaServerStart(pki.tsaConfig);
  writeFileSync(join(pki.dir, 'in.pdf'), await pdfFixture());
});
afterAll(async () => {
  await tsa.close();
  rmSync(pki.dir, { recursive: true, force: true });
});

describe('motcua sign / verify', () => {
  it('signs with a .p12 (B-T against openssl ts), countersigns with a token, and verify --json reports both', async () => {
    const a = io({ P12_PASS: p12Password });
    const code = await cliRun(
      ['sign', 'in.pdf', '--out', 'one.pdf', '--p12', 'signer.p12', '--pass-env', 'P12_PASS', '--tsa', tsa.url, '--visible', '1,340,720', '--reason', 'Số hóa', '--json'],
      a,
    );
    expect(a.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(a.stdout[0] ?? '{}')).toMatchObject({ ok: true, level: 'B-T', timestamp: 'added' });

    process.env.SOFTHSM2_CONF = pki.env.SOFTHSM2_CONF;
    const b = io({ TOKEN_PIN: tokenPin });
    expect(
      await cliRun(['sign', 'one.pdf', '--out', 'two.pdf', '--pkcs11', softhsmLibrary, '--token', tokenLabel, '--pin-env', 'TOKEN_PIN'], b),
    ).toBe(0);
    expect(pdfsigRead(join(pki.dir, 'two.pdf'), pki.nssDir).map((s) => s.valid)).toEqual([true, true]);

    const v = io();
    expect(await cliRun(['verify', 'two.pdf', '--trust', 'ca.pem', '--json'], v)).toBe(0);
    const reports = JSON.parse(v.stdout[0] ?? '[]') as Record<string, unknown>[];
    expect(reports).toEqual([
      expect.objectContaining({ signer: 'UBND xã Tân Phú', integrity: 'valid', trusted: true, timestamp: 'valid', reason: 'Số hóa' }),
      expect.objectContaining({ signer: 'UBND xã Tân Phú', integrity: 'valid', trusted: true, timestamp: 'none', reason: null }),
    ]);
  });

  it('verify exits 1 on a changed byte (as a real process), and pdfsig agrees', async () => {
    const signed = readFileSync(join(pki.dir, 'one.pdf'));
    const at = signed.indexOf('595');
    signed[at + 2] = '4'.charCodeAt(0);
    writeFileSync(join(pki.dir, 'bad.pdf'), signed);
    expect(pdfsigRead(join(pki.dir, 'bad.pdf'))[0]?.text).toContain('Digest Mismatch');
    const failed = await run(process.execPath, [join(root, 'bin/motcua.js'), 'verify', 'bad.pdf', '--trust', 'ca.pem', '--json'], { cwd: pki.dir }).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(JSON.parse(failed?.stdout ?? '[]')).toEqual([expect.objectContaining({ integrity: 'broken', trusted: false })]);
  });

  it('wrong PIN, unreadable library and bad arguments: clear errors, no output file, input unchanged', async () => {
    const before = createHash('sha256').update(readFileSync(join(pki.dir, 'in.pdf'))).digest('hex');
    const wrong = io({ PIN: '0000' });
    expect(await cliRun(['sign', 'in.pdf', '--out', 'x.pdf', '--pkcs11', softhsmLibrary, '--pin-env', 'PIN'], wrong)).toBe(1);
    expect(wrong.stderr.join('')).toContain('sign-wrong-pin');
    const lib = io({ PIN: tokenPin });
    expect(await cliRun(['sign', 'in.pdf', '--out', 'x.pdf', '--pkcs11', join(pki.dir, 'ca.pem'), '--pin-env', 'PIN'], lib)).toBe(1);
    expect(lib.stderr.join('')).toContain('sign-library-unreadable');
    const bad = io();
    expect(await cliRun(['sign', 'in.pdf', '--out', 'x.pdf', '--p12', 'signer.p12', '--pass-env', 'NOPE'], bad)).toBe(2);
    expect(bad.stderr.join('')).toContain('NOPE');
    expect(await cliRun(['sign', 'in.pdf', '--out', 'x.pdf', '--visible', 'top-right', '--p12', 'a', '--pass-env', 'P'], io({ P: 'x' }))).toBe(2);
    expect(() => readFileSync(join(pki.dir, 'x.pdf'))).toThrow();
    expect(createHash('sha256').update(readFileSync(join(pki.dir, 'in.pdf'))).digest('hex')).toBe(before);
  });
});
