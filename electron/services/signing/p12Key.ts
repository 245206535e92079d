import { createPrivateKey, createPublicKey, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/contract/errors.js';
import { bufferOf, pkiEngineEnsure } from './pkiEngine.js';
import { legacyDecrypt, legacyPbe } from './p12Legacy.js';
import type { SignerKey } from './signerKey.js';

// A PKCS#12 (.p12/.pfx) certificate file, parsed in TypeScript: no `openssl` at run time.
// pkijs decrypts PBES2 (PBKDF2 + AES), which is what OpenSSL 3 and current CA tools write.

const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
const DATA = '1.2.840.113549.1.7.1';
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';

function passwordBytes(password: string): ArrayBuffer {
  return bufferOf(new TextEncoder().encode(password));
}

function wrongPassword(cause: unknown): AppError {
  return new AppError('sign-wrong-pin', 'Mật khẩu tệp chứng thư số (.p12) không đúng', {
    reason: cause instanceof Error ? cause.message : String(cause),
  });
}

interface P12Content {
  keyPkcs8: Uint8Array;
  keyEncrypted: boolean;
  certificates: Uint8Array[];
}

/** One AuthenticatedSafe element: plain, PBES2-encrypted (pkijs) or legacy PBE (p12Legacy). */
async function safeContentsOpen(info: pkijs.ContentInfo, password: string, crypto: pkijs.ICryptoEngine): Promise<pkijs.SafeContents> {
  let der: ArrayBuffer;
  if (info.contentType === DATA) {
    der = (info.content as asn1js.OctetString).getValue();
  } else if (info.contentType === ENCRYPTED_DATA) {
    const encrypted = new pkijs.EncryptedData({ schema: info.content });
    const eci = encrypted.encryptedContentInfo;
    const algorithm = eci.contentEncryptionAlgorithm;
    if (legacyPbe[algorithm.algorithmId]) {
      const params = algorithm.algorithmParams as asn1js.Sequence;
      const [salt, iterations] = params.valueBlock.value as [asn1js.OctetString, asn1js.Integer];
      const plain = legacyDecrypt(
        algorithm.algorithmId,
        new Uint8Array(salt.getValue()),
        iterations.valueBlock.valueDec,
        new Uint8Array(eci.getEncryptedContent()),
        password,
      );
      der = bufferOf(plain);
    } else {
      try {
        der = await encrypted.decrypt({ password: passwordBytes(password) }, crypto);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        if (/unknown|not supported/i.test(msg)) {
          throw new AppError('validation-failed', 'Tệp .p12 dùng thuật toán mã hóa chưa hỗ trợ', { reason: msg });
        }
        throw wrongPassword(err);
      }
    }
  } else {
    throw new AppError('validation-failed', `Tệp .p12 dùng kiểu nội dung chưa hỗ trợ (${info.contentType})`);
  }
  try {
    return pkijs.SafeContents.fromBER(der);
  } catch (err) {
    throw wrongPassword(err);
  }
}

async function p12Open(bytes: Uint8Array, password: string): Promise<P12Content> {
  const crypto = pkiEngineEnsure();
  const asn = asn1js.fromBER(bufferOf(bytes));
  if (asn.offset === -1) throw new AppError('validation-failed', 'Tệp .p12 không đọc được (không phải PKCS#12)');
  let pfx: pkijs.PFX;
  try {
    pfx = new pkijs.PFX({ schema: asn.result });
  } catch {
    throw new AppError('validation-failed', 'Tệp .p12 không đọc được (không phải PKCS#12)');
  }
  const pass = passwordBytes(password);
  try {
    await pfx.parseInternalValues({ password: pass, checkIntegrity: pfx.macData !== undefined }, crypto);
  } catch (err) {
    throw wrongPassword(err);
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new AppError('validation-failed', 'Tệp .p12 không có nội dung');
  const contents: pkijs.SafeContents[] = [];
  for (const info of safe.safeContents) contents.push(await safeContentsOpen(info, password, crypto));
  let keyPkcs8: Uint8Array | null = null;
  let keyEncrypted = false;
  const certificates: Uint8Array[] = [];
  for (const content of contents) {
    for (const bag of content.safeBags) {
      if (bag.bagId === BAG_SHROUDED_KEY) {
        // EncryptedPrivateKeyInfo: node:crypto decrypts it with the same password.
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        keyPkcs8 = new Uint8Array(shrouded.toSchema().toBER());
        keyEncrypted = true;
      } else if (bag.bagId === BAG_KEY) {
        keyPkcs8 = new Uint8Array((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER());
      } else if (bag.bagId === BAG_CERT) {
        const certBag = bag.bagValue as pkijs.CertBag;
        const cert = certBag.parsedValue as pkijs.Certificate | undefined;
        if (cert instanceof pkijs.Certificate) certificates.push(new Uint8Array(cert.toSchema().toBER()));
      }
    }
  }
  if (!keyPkcs8) throw new AppError('validation-failed', 'Tệp .p12 không chứa khóa bí mật');
  return { keyPkcs8, keyEncrypted, certificates };
}

function keyMatches(key: KeyObject, certDer: Uint8Array): boolean {
  const fromCert = new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return Buffer.compare(fromCert, fromKey) === 0;
}

/** Opens a .p12 file (bytes) with its password and returns a signer for its key. */
export async function p12KeyOpen(bytes: Uint8Array, password: string): Promise<SignerKey> {
  const { keyPkcs8, keyEncrypted, certificates } = await p12Open(bytes, password);
  let key: KeyObject;
  try {
    key = keyEncrypted
      ? createPrivateKey({ key: Buffer.from(keyPkcs8), format: 'der', type: 'pkcs8', passphrase: password })
      : createPrivateKey({ key: Buffer.from(keyPkcs8), format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw wrongPassword(err);
  }
  const own = certificates.find((c) => keyMatches(key, c));
  if (!own) throw new AppError('validation-failed', 'Tệp .p12 không có chứng thư số ứng với khóa bí mật');
  const keyAlgorithm = key.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new AppError('validation-failed', `Loại khóa chưa hỗ trợ: ${String(key.asymmetricKeyType)}`);
  }
  return {
    certificate: own,
    chain: certificates.filter((c) => c !== own),
    keyAlgorithm,
    async sign(data) {
      return new Uint8Array(cryptoSign('sha256', data, key));
    },
    async close() {},
  };
}
