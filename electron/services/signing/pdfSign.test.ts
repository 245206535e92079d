import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { pemCertificatesParse } from './chain.js';
import { p12KeyOpen } from './p12Key.js';
import { pdfSign } from './pdfSign.js';
import { fileBytes, p12Password, pdfsigRead, testPkiCreate, type TestPki } from './testSupport/pki.js';
import { pdfFixture } from './testSupport/pdfFixture.js';
import { pdfVerify } from './verify.js';
import { readFileSync } from 'node:fs';

let pki: TestPki;
let roots: Uint8Array[];

beforeAll(() => {
  pki = testPkiCreate();
  roots = pemCertificatesParse(readFileSync(pki.caPem, 'utf8'));
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

function save(name: string, bytes: Uint8Array): string {
  const path = join(pki.dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof AppError ? err.code : `not-app-error: ${String(err)}`;
  }
  return 'no-error';
}

describe('PAdES signing with a .p12 file', () => {
  it('signs B-B that pdfsig reports valid and, with the CA in NSS, trusted (xref stream and classic xref)', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    for (const objectStreams of [true, false]) {
      const signed = await pdfSign(await pdfFixture(objectStreams), { key, reason: 'Số hóa thành phần hồ sơ' });
      expect(signed.level).toBe('B-B');
      const file = save(`bb-${objectStreams}.pdf`, signed.bytes);
      const [sig] = pdfsigRead(file, pki.nssDir);
      expect(sig?.text).toContain('ETSI.CAdES.detached');
      expect(sig?.valid).toBe(true);
      expect(sig?.trusted).toBe(true);
      expect(pdfsigRead(file)[0]?.trusted).toBe(false);
      const [report] = await pdfVerify(signed.bytes, { trustRoots: roots });
      expect(report).toMatchObject({ integrity: 'valid', trusted: true, signer: 'UBND xã Tân Phú', reason: 'Số hóa thành phần hồ sơ', level: 'B-B' });
    }
  });

  it('keeps the first signature valid when a second signer countersigns, with a visible stamp', async () => {
    const unit = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const leader = await p12KeyOpen(fileBytes(pki.signer2P12), p12Password);
    // Page only: the stamp goes to the top-right corner of the A4 page (Decree 30/2020).
    const first = await pdfSign(await pdfFixture(), { key: unit, unit: 'UBND xã Tân Phú', visible: { page: 1 } });
    expect(Buffer.from(first.bytes).toString('latin1')).toMatch(/\/Rect \[ 355 758 575 822 \]/);
    const second = await pdfSign(first.bytes, { key: leader, reason: 'Phê duyệt kết quả', visible: { page: 2, x: 340, y: 40 } });
    expect(Buffer.from(second.bytes.subarray(0, first.bytes.length)).equals(Buffer.from(first.bytes))).toBe(true);
    const sigs = pdfsigRead(save('two.pdf', second.bytes), pki.nssDir);
    expect(sigs).toHaveLength(2);
    expect(sigs.every((s) => s.valid && s.trusted)).toBe(true);
    expect(sigs[0]?.text).toContain('Not total document signed');
    const reports = await pdfVerify(second.bytes, { trustRoots: roots });
    expect(reports.map((r) => [r.integrity, r.trusted, r.coversWholeDocument])).toEqual([
      ['valid', true, false],
      ['valid', true, true],
    ]);
    // The stamp's font is embedded (subset), so Vietnamese renders without system fonts.
    expect(Buffer.from(second.bytes).toString('latin1')).toMatch(/\/FontFile2/);
  });

  it('the same signer twice in a row: both signatures valid', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const once = await pdfSign(await pdfFixture(), { key });
    const twice = await pdfSign(once.bytes, { key });
    const sigs = pdfsigRead(save('same-twice.pdf', twice.bytes), pki.nssDir);
    expect(sigs.map((s) => s.valid)).toEqual([true, true]);
    const reports = await pdfVerify(twice.bytes, { trustRoots: roots });
    expect(reports.every((r) => r.integrity === 'valid' && r.trusted)).toBe(true);
  });

  it('one changed byte makes both pdfsig and pdfVerify report the signature broken', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const signed = await pdfSign(await pdfFixture(false), { key });
    const text = Buffer.from(signed.bytes).toString('latin1');
    // One digit of the first page's /MediaBox: 595 → 596, inside the signed range.
    const at = text.indexOf('595');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(signed.byteRange[1]);
    const tampered = new Uint8Array(signed.bytes);
    tampered[at + 2] = '6'.charCodeAt(0);
    const [sig] = pdfsigRead(save('tampered.pdf', tampered), pki.nssDir);
    expect(sig?.text).toContain('Digest Mismatch');
    expect(sig?.valid).toBe(false);
    const [report] = await pdfVerify(tampered, { trustRoots: roots });
    expect(report?.integrity).toBe('broken');
    expect(report?.trusted).toBe(false);
  });

  it('reports a wrong .p12 password as sign-wrong-pin and an expired certificate as sign-certificate-expired', async () => {
    expect(await codeOf(p12KeyOpen(fileBytes(pki.signerP12), 'sai mật khẩu'))).toBe('sign-wrong-pin');
    const expired = await p12KeyOpen(fileBytes(pki.expiredP12), p12Password);
    const original = await pdfFixture();
    expect(await codeOf(pdfSign(original, { key: expired }))).toBe('sign-certificate-expired');
    // Within the validity period (a clock in 2020) the same key signs.
    const ok = await pdfSign(original, { key: expired, now: () => new Date('2020-06-01T03:00:00Z') });
    const [report] = await pdfVerify(ok.bytes, { trustRoots: roots });
    // The test CA was only issued today, so in 2020 its path was not yet valid: the check sees it.
    expect(report).toMatchObject({ integrity: 'valid', certificateValidAtSigning: false, trusted: false, signedAt: '2020-06-01T03:00:00.000Z' });
  });

  it('rejects input that is not a PDF with validation-failed', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    expect(await codeOf(pdfSign(new TextEncoder().encode('hello, not a pdf'), { key }))).toBe('validation-failed');
  });
});
