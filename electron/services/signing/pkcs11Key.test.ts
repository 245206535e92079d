import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmsDecode, oid } from './cms.js';
import { pdfSignaturesRead } from './pdfSignatureRead.js';
import { pkcs11TokensList } from './pkcs11Key.js';
import { documentsSign, type SignDocumentsRequest } from './signingService.js';
import { p12Password, pdfsigRead, softhsmLibrary, testPkiCreate, tokenLabel, tokenPin, type TestPki } from './testSupport/pki.js';
import { pdfFixture } from './testSupport/pdfFixture.js';

// SoftHSM2 stands in for the CA's USB token: the key is imported once and only used through
// PKCS#11. SOFTHSM2_CONF must point at the test's token folder before the library is loaded.

let pki: TestPki;
let input: string;
let inputHash: string;

const hashOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  pki = testPkiCreate();
  process.env.SOFTHSM2_CONF = pki.env.SOFTHSM2_CONF;
  input = join(pki.dir, 'input.pdf');
  writeFileSync(input, await pdfFixture());
  inputHash = hashOf(input);
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

function request(overrides: Partial<SignDocumentsRequest> = {}): SignDocumentsRequest {
  return {
    files: [{ input, output: join(pki.dir, 'out.pdf') }],
    key: { kind: 'pkcs11', libraryPath: softhsmLibrary, tokenLabel },
    pin: tokenPin,
    timestamp: false,
    ...overrides,
  };
}

const deps = () => ({ queueFolder: join(pki.dir, 'queue'), tsa: null, unitName: 'UBND xã Tân Phú' });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? 'no-code';
  }
  return 'no-error';
}

describe('PKCS#11 token (SoftHSM2)', () => {
  it('lists the token by label with its certificates, without a PIN', () => {
    const tokens = pkcs11TokensList(softhsmLibrary);
    expect(tokens.map((t) => t.label)).toEqual([tokenLabel]);
    expect(tokens[0]?.certificates.map((c) => [c.commonName, c.id]).sort()).toEqual([
      ['MotCua Test CA', '02'],
      ['UBND xã Tân Phú', '01'],
    ]);
  });

  it('signs several files with the key inside the token; pdfsig: valid and trusted', async () => {
    const second = join(pki.dir, 'input2.pdf');
    writeFileSync(second, await pdfFixture(false));
    const progress: string[] = [];
    const out = await documentsSign(
      request({
        files: [{ input, output: join(pki.dir, 'out.pdf') }, { input: second, output: join(pki.dir, 'out2.pdf') }],
        visible: { page: 1, x: 340, y: 720 },
        reason: 'Số hóa',
      }),
      deps(),
      (p) => progress.push(`${p.stage}:${p.done}/${p.total}`),
    );
    expect(out.results.map((r) => r.ok)).toEqual([true, true]);
    expect(progress).toEqual(['signing:0/2', 'signed:1/2', 'signing:1/2', 'signed:2/2']);
    for (const f of ['out.pdf', 'out2.pdf']) {
      expect(pdfsigRead(join(pki.dir, f), pki.nssDir)[0]).toMatchObject({ valid: true, trusted: true });
    }
    // PAdES baseline: signing-certificate-v2 present, CMS signing-time absent (openssl's reading).
    const [raw] = pdfSignaturesRead(new Uint8Array(readFileSync(join(pki.dir, 'out.pdf'))));
    const attrs = cmsDecode(raw?.contents ?? new Uint8Array()).signerInfos[0]?.signedAttrs?.attributes.map((a) => a.type);
    expect(attrs).toContain(oid.signingCertificateV2);
    expect(attrs).not.toContain(oid.signingTime);
    const p7s = join(pki.dir, 'out.p7s');
    writeFileSync(p7s, raw?.contents ?? new Uint8Array());
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', p7s], { encoding: 'utf8' });
    expect(printed).toContain('id-smime-aa-signingCertificateV2');
    expect(printed).not.toContain('signingTime');
  });

  it('wrong PIN → sign-wrong-pin, unknown token → sign-token-missing, bad library → sign-library-unreadable; input untouched', async () => {
    const out = join(pki.dir, 'never.pdf');
    const cases: [Partial<SignDocumentsRequest>, string][] = [
      [{ pin: '9999' }, 'sign-wrong-pin'],
      [{ key: { kind: 'pkcs11', libraryPath: softhsmLibrary, tokenLabel: 'Viettel-CA' } }, 'sign-token-missing'],
      [{ key: { kind: 'pkcs11', libraryPath: join(pki.dir, 'ca.pem') } }, 'sign-library-unreadable'],
      [{ key: { kind: 'pkcs11', libraryPath: '/nonexistent/libvnpt.so' } }, 'sign-library-unreadable'],
      [{ key: { kind: 'p12', path: pki.signerP12 }, pin: 'sai' }, 'sign-wrong-pin'],
      [{ key: { kind: 'p12', path: pki.expiredP12 }, pin: p12Password }, 'sign-certificate-expired'],
    ];
    for (const [overrides, code] of cases) {
      const files = [{ input, output: out }, { input }];
      expect(await codeOf(documentsSign(request({ ...overrides, files }), deps()))).toBe(code);
      expect(hashOf(input)).toBe(inputHash);
      expect(() => readFileSync(out)).toThrow();
    }
  });

  it('a file that is not a PDF fails alone; the others in the batch are signed', async () => {
    const junk = join(pki.dir, 'junk.pdf');
    writeFileSync(junk, 'not a pdf');
    const out = await documentsSign(
      request({ files: [{ input: junk }, { input, output: join(pki.dir, 'after-junk.pdf') }] }),
      deps(),
    );
    expect(out.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['validation-failed', 'ok']);
    expect(readFileSync(junk, 'utf8')).toBe('not a pdf');
  });

  it('the token pulled out mid-batch → sign-token-missing for the rest, their files untouched', async () => {
    const second = join(pki.dir, 'second.pdf');
    writeFileSync(second, await pdfFixture());
    const secondHash = hashOf(second);
    const out = await documentsSign(
      request({ files: [{ input, output: join(pki.dir, 'first-out.pdf') }, { input: second }, { input: second }] }),
      deps(),
      (p) => {
        // The clerk pulls the USB token right after the first file is signed.
        if (p.stage === 'signed' && p.done === 1) rmSync(join(pki.dir, 'tokens'), { recursive: true, force: true });
      },
    );
    expect(out.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'sign-token-missing', 'sign-token-missing']);
    expect(hashOf(second)).toBe(secondHash);
    expect(pdfsigRead(join(pki.dir, 'first-out.pdf'))[0]?.valid).toBe(true);
  });
});
