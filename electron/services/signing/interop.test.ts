import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemCertificatesParse } from './chain.js';
import { p12KeyOpen } from './p12Key.js';
import { pdfSign } from './pdfSign.js';
import { fileBytes, p12Password, pdfsigRead, testPkiCreate, type TestPki } from './testSupport/pki.js';
import { pdfFixture } from './testSupport/pdfFixture.js';
import { pdfVerify } from './verify.js';

// Interop with a signer nobody here wrote: poppler's `pdfsig -add-signature` (NSS, with a
// signing-time attribute and adbe.pkcs7.detached) countersigns our output, and we countersign
// its output. Each tool must still find every signature valid.

let pki: TestPki;
let roots: Uint8Array[];

beforeAll(() => {
  pki = testPkiCreate();
  roots = pemCertificatesParse(readFileSync(pki.caPem, 'utf8'));
  execFileSync('pk12util', ['-i', pki.signer2P12, '-d', `sql:${pki.nssDir}`, '-W', p12Password], { stdio: 'ignore' });
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

/** The nickname pk12util gave the imported signer (the only key in the NSS database). */
function nick(): string {
  const out = execFileSync('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, '-list-nicks', pki.caPem], { encoding: 'utf8' });
  const name = out.split('\n').slice(1).map((l) => l.trim()).find((l) => l !== '');
  if (!name) throw new Error(`no signing nickname in: ${out}`);
  return name;
}

function popplerSign(input: string, output: string): void {
  try {
    execFileSync('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, '-add-signature', '-nick', nick(), '-reason', 'poppler', input, output], { stdio: 'ignore' });
  } catch {
    // pdfsig 22.12 exits non-zero on "NSS_Shutdown failed" after writing the file; the file is checked below.
  }
}

describe('interop with poppler pdfsig as a second signer', () => {
  it('poppler countersigns our signature: both tools find both valid', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const ours = join(pki.dir, 'ours.pdf');
    writeFileSync(ours, (await pdfSign(await pdfFixture(), { key, visible: { page: 1 } })).bytes);
    const both = join(pki.dir, 'ours-then-poppler.pdf');
    popplerSign(ours, both);
    const sigs = pdfsigRead(both, pki.nssDir);
    expect(sigs.map((s) => s.valid)).toEqual([true, true]);
    const reports = await pdfVerify(fileBytes(both), { trustRoots: roots });
    expect(reports.map((r) => [r.integrity, r.trusted, r.subFilter])).toEqual([
      ['valid', true, 'ETSI.CAdES.detached'],
      ['valid', true, 'adbe.pkcs7.detached'],
    ]);
  });

  it('we countersign a poppler-signed file: both tools find both valid', async () => {
    const plain = join(pki.dir, 'plain.pdf');
    writeFileSync(plain, await pdfFixture(false));
    const theirs = join(pki.dir, 'poppler.pdf');
    popplerSign(plain, theirs);
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const both = join(pki.dir, 'poppler-then-ours.pdf');
    writeFileSync(both, (await pdfSign(fileBytes(theirs), { key, reason: 'Ký tiếp' })).bytes);
    expect(pdfsigRead(both, pki.nssDir).map((s) => s.valid)).toEqual([true, true]);
    const reports = await pdfVerify(fileBytes(both), { trustRoots: roots });
    expect(reports.map((r) => r.integrity)).toEqual(['valid', 'valid']);
    expect(reports[1]).toMatchObject({ reason: 'Ký tiếp', level: 'B-B', trusted: true });
  });
});
