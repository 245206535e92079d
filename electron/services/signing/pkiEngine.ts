import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

// pkijs needs a WebCrypto engine; Node's is complete for what we use (SHA-2, RSA, ECDSA,
// PBKDF2, AES-CBC for PKCS#12). Set once, on first use.
let engineSet = false;

export function pkiEngineEnsure(): pkijs.ICryptoEngine {
  if (!engineSet) {
    const crypto = webcrypto as unknown as Crypto;
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto }));
    engineSet = true;
  }
  return pkijs.getCrypto(true);
}

export function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
