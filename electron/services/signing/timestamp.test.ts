import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemCertificatesParse } from './chain.js';
import { cmsDecode, cmsTimestampAttach, oid, sha256 } from './cms.js';
import { p12KeyOpen } from './p12Key.js';
import { pdfSign } from './pdfSign.js';
import { pdfSignaturesRead } from './pdfSignatureRead.js';
import { fileBytes, p12Password, pdfsigRead, testPkiCreate, type TestPki } from './testSupport/pki.js';
import { pdfFixture } from './testSupport/pdfFixture.js';
import { tsaServerStart, type TsaServer } from './testSupport/tsaServer.js';
import { timestampQueueOpen } from './timestampQueue.js';
import { pdfVerify } from './verify.js';

let pki: TestPki;
let tsa: TsaServer;
let roots: Uint8Array[];

beforeAll(async () => {
  pki = testPkiCreate();
  tsa = await tsaServerStart(pki.tsaConfig);
  roots = pemCertificatesParse(readFileSync(pki.caPem, 'utf8'));
});
afterAll(async () => {
  await tsa.close();
  rmSync(pki.dir, { recursive: true, force: true });
});

function tokenOf(cmsDer: Uint8Array): Uint8Array {
  const attr = cmsDecode(cmsDer).signerInfos[0]?.unsignedAttrs?.attributes.find((a) => a.type === oid.signatureTimeStampToken);
  const value = attr?.values[0] as { toBER(): ArrayBuffer } | undefined;
  if (!value) throw new Error('no timestamp token');
  return new Uint8Array(value.toBER());
}

/** The discard port: nothing answers there, and no test server can ever be given it. */
const deadUrl = 'http://127.0.0.1:9/tsa';

describe('PAdES B-T with an RFC 3161 timestamp (openssl ts as the authority)', () => {
  it('embeds a token whose imprint is the signature value; openssl ts -verify accepts it', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const signed = await pdfSign(await pdfFixture(), { key, tsa: { url: tsa.url } });
    expect(signed).toMatchObject({ level: 'B-T', timestamp: 'added' });
    const file = join(pki.dir, 'bt.pdf');
    writeFileSync(file, signed.bytes);
    expect(pdfsigRead(file, pki.nssDir)[0]).toMatchObject({ valid: true, trusted: true });
    const [report] = await pdfVerify(signed.bytes, { trustRoots: roots });
    expect(report).toMatchObject({ integrity: 'valid', trusted: true, level: 'B-T', timestamp: { status: 'valid' } });
    expect(report?.signedAt).toBe(report?.timestamp.time);

    // The peer's own check: extract the token and verify it against the CA with openssl.
    const [raw] = pdfSignaturesRead(signed.bytes);
    const cmsFile = join(pki.dir, 'bt.p7s');
    writeFileSync(cmsFile, raw?.contents ?? new Uint8Array());
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile], { encoding: 'utf8' });
    expect(printed).toContain('id-smime-aa-timeStampToken');
    const token = tokenOf(raw?.contents ?? new Uint8Array());
    const tokenFile = join(pki.dir, 'bt.tst');
    writeFileSync(tokenFile, token);
    const signatureValue = cmsDecode(raw?.contents ?? new Uint8Array()).signerInfos[0]?.signature.valueBlock.valueHexView;
    const imprint = Buffer.from(sha256(new Uint8Array(signatureValue ?? []))).toString('hex');
    const verdict = execFileSync(
      'openssl',
      ['ts', '-verify', '-in', tokenFile, '-token_in', '-digest', imprint, '-CAfile', pki.caPem, '-untrusted', join(pki.dir, 'tsa.pem')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(verdict).toContain('Verification: OK');
  });

  it('signs B-B when the server is unreachable, queues it, and the queue upgrades it in place later', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const offline = await pdfSign(await pdfFixture(), { key, tsa: { url: deadUrl, timeoutMs: 2000 } });
    expect(offline).toMatchObject({ level: 'B-B', timestamp: 'pending' });
    const file = join(pki.dir, 'pending.pdf');
    writeFileSync(file, offline.bytes);
    const queue = timestampQueueOpen(join(pki.dir, 'queue'));
    queue.add({ file, byteRange: offline.byteRange, signer: offline.signer });
    expect(queue.list()).toHaveLength(1);

    const stillOffline = await queue.drain({ url: deadUrl, timeoutMs: 2000 });
    expect(stillOffline.upgraded).toHaveLength(0);
    expect(timestampQueueOpen(join(pki.dir, 'queue')).list()[0]).toMatchObject({ attempts: 1 });

    const online = await queue.drain({ url: tsa.url });
    expect(online.upgraded).toHaveLength(1);
    expect(queue.list()).toHaveLength(0);
    const upgraded = new Uint8Array(readFileSync(file));
    expect(upgraded.length).toBe(offline.bytes.length);
    expect(pdfsigRead(file, pki.nssDir)[0]).toMatchObject({ valid: true, trusted: true });
    const [report] = await pdfVerify(upgraded, { trustRoots: roots });
    expect(report).toMatchObject({ integrity: 'valid', level: 'B-T', timestamp: { status: 'valid' } });
  });

  it('a token taken from another signature is reported invalid while the signature stays intact', async () => {
    const key = await p12KeyOpen(fileBytes(pki.signerP12), p12Password);
    const a = await pdfSign(await pdfFixture(), { key, tsa: { url: tsa.url } });
    // A different reason: the same key over identical bytes would give the same signature value.
    const b = await pdfSign(await pdfFixture(), { key, reason: 'Bản khác' });
    const [ra] = pdfSignaturesRead(a.bytes);
    const [rb] = pdfSignaturesRead(b.bytes);
    // b's own CMS with a's token attached: unsigned, so b's integrity holds, but the imprint is a's.
    const cms = cmsTimestampAttach(rb?.contents ?? new Uint8Array(), tokenOf(ra?.contents ?? new Uint8Array()));
    const grafted = new Uint8Array(b.bytes);
    Buffer.from(grafted.buffer).write(Buffer.from(cms).toString('hex'), b.byteRange[1] + 1, 'latin1');
    const [report] = await pdfVerify(grafted, { trustRoots: roots });
    expect(report).toMatchObject({ integrity: 'valid', level: 'B-B', timestamp: { status: 'invalid' } });
  });
});
