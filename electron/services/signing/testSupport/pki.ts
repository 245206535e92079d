import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Test PKI built with the real `openssl`, `softhsm2-util`, `pkcs11-tool` and `certutil`: a CA,
// two signers, an expired signer, a timestamp authority, .p12 files, a SoftHSM2 token holding
// the signer key, and an NSS database that trusts the CA (for poppler's pdfsig).

export const softhsmLibrary = '/usr/lib/softhsm/libsofthsm2.so';
export const tokenLabel = 'VNPT-CA Token';
export const tokenPin = '1234';
export const p12Password = 'mật-khẩu 1';

export interface TestPki {
  dir: string;
  caPem: string;
  signerP12: string;
  signer2P12: string;
  expiredP12: string;
  nssDir: string;
  tsaConfig: string;
  /** Environment that points SoftHSM2 at this PKI's token folder. */
  env: NodeJS.ProcessEnv;
}

function run(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): void {
  execFileSync(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
}

const leafExt = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\n';

function leafIssue(dir: string, name: string, cn: string): void {
  run('openssl', ['req', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}/O=MotCua Test`], dir);
  writeFileSync(join(dir, `${name}.ext`), leafExt);
  run('openssl', ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '365', '-extfile', `${name}.ext`], dir);
}

function p12Export(dir: string, name: string): void {
  run('openssl', ['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', 'ca.pem', '-out', `${name}.p12`, '-passout', `pass:${p12Password}`], dir);
}

function expiredIssue(dir: string): void {
  mkdirSync(join(dir, 'newcerts'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'ca.serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ca]\ndefault_ca = d\n[d]\ndir = ${dir}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/newcerts\nserial = $dir/ca.serial\ndefault_md = sha256\npolicy = p\nx509_extensions = leaf\n[p]\ncommonName = supplied\norganizationName = optional\n[leaf]\n${leafExt}`,
  );
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=Het han/O=MotCua Test'], dir);
  run('openssl', ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr', '-out', 'expired.pem', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext'], dir);
}

function tsaIssue(dir: string): string {
  writeFileSync(join(dir, 'tsa.ext'), 'extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n');
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Test TSA/O=MotCua Test'], dir);
  run('openssl', ['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.pem', '-days', '365', '-extfile', 'tsa.ext'], dir);
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const config = join(dir, 'tsa.cnf');
  writeFileSync(
    config,
    `[tsa]\ndefault_tsa = t\n[t]\ndir = ${dir}\nserial = $dir/tsaserial\ncrypto_device = builtin\nsigner_cert = $dir/tsa.pem\ncerts = $dir/ca.pem\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\nother_policies = 1.2.3.4.5\ndigests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n`,
  );
  return config;
}

function tokenCreate(dir: string, env: NodeJS.ProcessEnv): void {
  const tool = (args: string[]) =>
    run('pkcs11-tool', ['--module', softhsmLibrary, '--token-label', tokenLabel, '--login', '--pin', tokenPin, ...args], dir, env);
  run('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--pin', tokenPin, '--so-pin', '87654321'], dir, env);
  run('openssl', ['x509', '-in', 'signer.pem', '-outform', 'der', '-out', 'signer.der'], dir);
  run('openssl', ['x509', '-in', 'ca.pem', '-outform', 'der', '-out', 'ca.der'], dir);
  tool(['--write-object', 'signer.key', '--type', 'privkey', '--id', '01', '--label', 'signer']);
  tool(['--write-object', 'signer.der', '--type', 'cert', '--id', '01', '--label', 'signer']);
  tool(['--write-object', 'ca.der', '--type', 'cert', '--id', '02', '--label', 'ca']);
}

export function testPkiCreate(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pki-'));
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=MotCua Test CA/O=MotCua Test', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  leafIssue(dir, 'signer', 'UBND xã Tân Phú');
  leafIssue(dir, 'signer2', 'Chủ tịch Nguyễn Văn A');
  expiredIssue(dir);
  for (const name of ['signer', 'signer2', 'expired']) p12Export(dir, name);
  const tsaConfig = tsaIssue(dir);
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: join(dir, 'softhsm2.conf') };
  tokenCreate(dir, env);
  const nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password'], dir);
  run('certutil', ['-A', '-n', 'ca', '-t', 'C,C,C', '-i', 'ca.pem', '-d', `sql:${nssDir}`], dir);
  return {
    dir,
    caPem: join(dir, 'ca.pem'),
    signerP12: join(dir, 'signer.p12'),
    signer2P12: join(dir, 'signer2.p12'),
    expiredP12: join(dir, 'expired.p12'),
    nssDir,
    tsaConfig,
    env,
  };
}

/** poppler's verdict, one entry per signature (pdfsig exits 0 even on a digest mismatch). */
export function pdfsigRead(file: string, nssDir?: string): { valid: boolean; trusted: boolean; text: string }[] {
  const args = nssDir ? ['-nssdir', `sql:${nssDir}`, file] : [file];
  let out: string;
  try {
    out = execFileSync('pdfsig', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    out = String((err as { stdout?: unknown }).stdout ?? '');
  }
  return out
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((text) => ({
      valid: /Signature Validation: Signature is Valid\./.test(text),
      trusted: /Certificate Validation: Certificate is Trusted\./.test(text),
      text,
    }));
}

export function fileBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
