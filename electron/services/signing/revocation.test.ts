import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemCertificatesParse } from './chain.js';
import { p12KeyOpen } from './p12Key.js';
import { pdfSign } from './pdfSign.js';
import { p12Password, testPkiCreate, type TestPki } from './testSupport/pki.js';
import { pdfFixture } from './testSupport/pdfFixture.js';
import { pdfVerify } from './verify.js';

// Revocation through the sources named in the certificate, served by a local HTTP server:
// CRLs issued by `openssl ca -gencrl`, and OCSP answers from `openssl ocsp` over the CA index.

let pki: TestPki;
let server: Server;
let crl: Buffer = Buffer.alloc(0);
let signed: Uint8Array;
let signedOcsp: Uint8Array;
let ocspBroken = false;
let roots: Uint8Array[];

const ca = (args: string[]) =>
  execFileSync('openssl', ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', ...args], { cwd: pki.dir, stdio: 'ignore' });

function crlIssue(): void {
  ca(['-gencrl', '-crldays', '30', '-out', 'ca.crl.pem']);
  execFileSync('openssl', ['crl', '-in', 'ca.crl.pem', '-outform', 'DER', '-out', 'ca.crl'], { cwd: pki.dir });
  crl = readFileSync(join(pki.dir, 'ca.crl'));
}

beforeAll(async () => {
  pki = testPkiCreate();
  roots = pemCertificatesParse(readFileSync(pki.caPem, 'utf8'));
  server = createServer((req, res) => {
    if (req.url === '/ca.crl') return void res.writeHead(200).end(crl);
    if (req.url !== '/ocsp') return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (ocspBroken) return void res.writeHead(200).end('garbage');
      writeFileSync(join(pki.dir, 'ocsp.req'), Buffer.concat(chunks));
      execFile(
        'openssl',
        ['ocsp', '-index', 'index.txt', '-CA', 'ca.pem', '-rsigner', 'ca.pem', '-rkey', 'ca.key', '-reqin', 'ocsp.req', '-respout', 'ocsp.resp', '-ndays', '1'],
        { cwd: pki.dir },
        (err) => (err ? res.writeHead(500).end() : res.writeHead(200).end(readFileSync(join(pki.dir, 'ocsp.resp')))),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: pki.dir, stdio: 'ignore' });
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'crl-signer.key', '-out', 'crl-signer.csr', '-subj', '/CN=Can bo/O=MotCua Test']);
  writeFileSync(
    join(pki.dir, 'crl-signer.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\ncrlDistributionPoints=URI:http://127.0.0.1:${port}/ca.crl\n`,
  );
  run(['x509', '-req', '-in', 'crl-signer.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'crl-signer.pem', '-days', '30', '-extfile', 'crl-signer.ext']);
  run(['pkcs12', '-export', '-inkey', 'crl-signer.key', '-in', 'crl-signer.pem', '-certfile', 'ca.pem', '-out', 'crl-signer.p12', '-passout', `pass:${p12Password}`]);
  const key = await p12KeyOpen(new Uint8Array(readFileSync(join(pki.dir, 'crl-signer.p12'))), p12Password);
  signed = (await pdfSign(await pdfFixture(), { key })).bytes;

  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ocsp-signer.key', '-out', 'ocsp-signer.csr', '-subj', '/CN=Lanh dao/O=MotCua Test']);
  writeFileSync(
    join(pki.dir, 'ocsp-signer.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:${port}/ocsp\n`,
  );
  run(['x509', '-req', '-in', 'ocsp-signer.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'ocsp-signer.pem', '-days', '30', '-extfile', 'ocsp-signer.ext']);
  run(['pkcs12', '-export', '-inkey', 'ocsp-signer.key', '-in', 'ocsp-signer.pem', '-certfile', 'ca.pem', '-out', 'ocsp-signer.p12', '-passout', `pass:${p12Password}`]);
  ca(['-valid', 'ocsp-signer.pem']);
  const ocspKey = await p12KeyOpen(new Uint8Array(readFileSync(join(pki.dir, 'ocsp-signer.p12'))), p12Password);
  signedOcsp = (await pdfSign(await pdfFixture(), { key: ocspKey })).bytes;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(pki.dir, { recursive: true, force: true });
});

describe('revocation (CRL)', () => {
  it('good while the CRL does not list the certificate; unknown when offline', async () => {
    crlIssue();
    expect((await pdfVerify(signed, { trustRoots: roots, online: true }))[0]).toMatchObject({ revocation: 'good', trusted: true });
    expect((await pdfVerify(signed, { trustRoots: roots, online: false }))[0]).toMatchObject({ revocation: 'unknown', trusted: true });
  });

  it('revoked once the CA revokes it: no longer trusted, though the bytes are intact', async () => {
    ca(['-revoke', 'crl-signer.pem', '-crl_reason', 'keyCompromise']);
    crlIssue();
    expect((await pdfVerify(signed, { trustRoots: roots, online: true }))[0]).toMatchObject({
      revocation: 'revoked',
      integrity: 'valid',
      trusted: false,
    });
  });

  it('an unreadable CRL leaves revocation unknown, never good', async () => {
    crl = Buffer.from('not a crl');
    expect((await pdfVerify(signed, { trustRoots: roots, online: true }))[0]?.revocation).toBe('unknown');
  });

  it('OCSP: good for a valid certificate, revoked after revocation, unknown when the answer is garbage or offline', async () => {
    const revocation = async (online = true) => (await pdfVerify(signedOcsp, { trustRoots: roots, online }))[0]?.revocation;
    expect(await revocation()).toBe('good');
    expect(await revocation(false)).toBe('unknown');
    ca(['-revoke', 'ocsp-signer.pem']);
    expect(await revocation()).toBe('revoked');
    ocspBroken = true;
    expect(await revocation()).toBe('unknown');
  });
});
