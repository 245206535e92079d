import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { p12KeyOpen } from './p12Key.js';
import { rc2BlockDecrypt } from './p12Legacy.js';
import { pdfSign } from './pdfSign.js';
import { p12Password, pdfsigRead, testPkiCreate, type TestPki } from './testSupport/pki.js';
import { pdfFixture } from './testSupport/pdfFixture.js';

// .p12 / .pfx variants met in practice, all written by the real `openssl pkcs12`: current AES
// (PBES2), the Windows-era legacy mix (RC2-40 certificates, 3DES key, SHA-1 MAC), 3DES only, and
// an ECDSA P-256 key.

let pki: TestPki;
const exportP12 = (name: string, key: string, cert: string, extra: string[]) =>
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-certfile', 'ca.pem', '-out', name, '-passout', `pass:${p12Password}`, ...extra], {
    cwd: pki.dir,
    stdio: 'ignore',
  });

beforeAll(() => {
  pki = testPkiCreate();
  exportP12('legacy.p12', 'signer.key', 'signer.pem', ['-legacy']);
  exportP12('des3.p12', 'signer.key', 'signer.pem', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: pki.dir, stdio: 'ignore' });
  run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.key']);
  run(['req', '-new', '-key', 'ec.key', '-out', 'ec.csr', '-subj', '/CN=EC signer/O=MotCua Test']);
  run(['x509', '-req', '-in', 'ec.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'ec.pem', '-days', '30', '-extfile', 'signer.ext']);
  exportP12('ec.p12', 'ec.key', 'ec.pem', []);
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

describe('PKCS#12 files', () => {
  it('RC2 block decryption matches the RFC 2268 test vectors', () => {
    const vectors: [string, number, string, string][] = [
      ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
      ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
      ['88', 64, '0000000000000000', '61a8a244adacccf0'],
      ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ];
    for (const [key, bits, plain, cipher] of vectors) {
      const out = rc2BlockDecrypt(Buffer.from(key, 'hex'), bits, Buffer.from(cipher, 'hex'));
      expect(Buffer.from(out).toString('hex')).toBe(plain);
    }
  });

  it.each(['legacy.p12', 'des3.p12', 'ec.p12'])('%s opens and signs; pdfsig: valid and trusted', async (name) => {
    const key = await p12KeyOpen(new Uint8Array(readFileSync(join(pki.dir, name))), p12Password);
    const signed = await pdfSign(await pdfFixture(), { key });
    const file = join(pki.dir, `${name}.pdf`);
    writeFileSync(file, signed.bytes);
    expect(pdfsigRead(file, pki.nssDir)[0]).toMatchObject({ valid: true, trusted: true });
  });

  it.each(['legacy.p12', 'des3.p12', 'signer.p12'])('%s with a wrong password → sign-wrong-pin', async (name) => {
    const err = await p12KeyOpen(new Uint8Array(readFileSync(join(pki.dir, name))), 'mật khẩu sai').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('sign-wrong-pin');
  });

  it('a file that is not PKCS#12 → validation-failed', async () => {
    const err = await p12KeyOpen(new Uint8Array(readFileSync(pki.caPem)), p12Password).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('validation-failed');
  });
});
