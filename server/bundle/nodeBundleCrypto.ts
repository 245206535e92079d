import { createCipheriv, createDecipheriv, createHash, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import type { BundleCrypto } from '../../shared/sync/bundle.js';

// node:crypto behind the bundle format's primitives (electron/services/bundle/nodeBundleCrypto.ts is the
// same code: the server may not import from electron/, nor electron/ from server/).

export const nodeBundleCrypto: BundleCrypto = {
  utf8Encode: (text) => Buffer.from(text, 'utf8'),
  utf8Decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  sha256: (bytes) => createHash('sha256').update(bytes).digest(),
  randomBytes: (n) => randomBytes(n),
  keyDerive: (secret, salt, info) => Buffer.from(hkdfSync('sha256', secret, salt, info, 32)),
  seal(key, iv, plain, aad) {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  },
  open(key, iv, sealed, aad) {
    if (sealed.length < 16) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    } catch {
      return null;
    }
  },
  verify(publicKeyPem, data, signature) {
    try {
      return verify(null, data, createPublicKey(publicKeyPem), signature);
    } catch {
      return false;
    }
  },
  keyIdOf(publicKeyPem) {
    try {
      const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
      return createHash('sha256').update(der).digest('hex').slice(0, 32);
    } catch {
      return '';
    }
  },
};
