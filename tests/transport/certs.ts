import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Test certificates made by the real `openssl` at test time: a self-signed "provincial CA", a
// server certificate it issues for 127.0.0.1, and an unrelated CA (the wrong pin).

const exec = promisify(execFile);

export interface TestPki {
  caPem: string;
  otherCaPem: string;
  serverCertFile: string;
  serverKeyFile: string;
  serverCertPem: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await exec('openssl', args, { cwd });
}

async function caMake(dir: string, name: string, cn: string): Promise<void> {
  await openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30',
      '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/C=VN/O=So TT&TT tinh thu nghiem/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
}

export async function testPkiMake(dir: string): Promise<TestPki> {
  await caMake(dir, 'ca', 'CA tinh thu nghiem');
  await caMake(dir, 'other-ca', 'CA khac');
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  await writeFile(
    join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  await openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'server.ext', '-out', 'server.pem'],
    dir,
  );
  return {
    caPem: await readFile(join(dir, 'ca.pem'), 'utf8'),
    otherCaPem: await readFile(join(dir, 'other-ca.pem'), 'utf8'),
    serverCertFile: join(dir, 'server.pem'),
    serverKeyFile: join(dir, 'server.key'),
    serverCertPem: await readFile(join(dir, 'server.pem'), 'utf8'),
  };
}
