import { createDecipheriv, createHash } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors.js';

// Legacy PKCS#12 encryption (RFC 7292 Appendix B and C): .pfx files exported from older Windows
// certificate stores and some CA tools encrypt certificates with pbeWithSHAAnd40BitRC2-CBC and
// keys with pbeWithSHAAnd3-KeyTripleDES-CBC. OpenSSL 3 (and so Node) ships RC2 only in its
// "legacy" provider, which Node does not load, so RC2 decryption (RFC 2268) lives here.

export const legacyPbe: Record<string, { cipher: 'rc2' | 'des-ede3-cbc' | 'des-ede-cbc'; keyLength: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5 },
};

/** RFC 7292 B.2 key derivation with SHA-1 (u = 20, v = 64). id: 1 key, 2 IV, 3 MAC key. */
export function pkcs12Kdf(password: string, salt: Uint8Array, iterations: number, id: 1 | 2 | 3, n: number): Buffer {
  const v = 64;
  const pwd = Buffer.alloc((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) pwd.writeUInt16BE(password.charCodeAt(i), i * 2);
  const fill = (src: Uint8Array) => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(pwd)]);
  const D = Buffer.alloc(v, id);
  const out: Buffer[] = [];
  let produced = 0;
  while (produced < n) {
    let A = createHash('sha1').update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash('sha1').update(A).digest();
    out.push(A);
    produced += A.length;
    const B = fill(A);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, n);
}

// RFC 2268 §2 PITABLE: a permutation of 0..255 derived from the digits of pi.
const rc2Pi = Buffer.from(
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2' +
  '179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82' +
  '54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
  '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7' +
  '08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ec' +
  'c2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
  '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a9' +
  '0d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad',
  'hex',
);

/** RFC 2268 RC2 key schedule with `bits` effective key bits. */
function rc2Expand(key: Uint8Array, bits: number): Uint16Array {
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = rc2Pi[((L[i - 1] ?? 0) + (L[i - T] ?? 0)) & 255] ?? 0;
  const T8 = Math.ceil(bits / 8);
  const TM = 255 >> (8 * T8 - bits);
  L[128 - T8] = rc2Pi[(L[128 - T8] ?? 0) & TM] ?? 0;
  for (let i = 127 - T8; i >= 0; i--) L[i] = rc2Pi[(L[i + 1] ?? 0) ^ (L[i + T8] ?? 0)] ?? 0;
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = (L[2 * i] ?? 0) | ((L[2 * i + 1] ?? 0) << 8);
  return K;
}

function rc2DecryptBlock(K: Uint16Array, block: Uint8Array): Uint8Array {
  const R = new Uint16Array(4);
  for (let i = 0; i < 4; i++) R[i] = (block[2 * i] ?? 0) | ((block[2 * i + 1] ?? 0) << 8);
  const s = [1, 2, 3, 5];
  let j = 63;
  const get = (i: number) => R[(i + 4) % 4] ?? 0;
  const mixBack = () => {
    for (let i = 3; i >= 0; i--) {
      const x = get(i);
      const rotated = ((x >>> (s[i] ?? 0)) | (x << (16 - (s[i] ?? 0)))) & 0xffff;
      R[i] = rotated - (K[j] ?? 0) - (get(i - 1) & get(i - 2)) - (~get(i - 1) & get(i - 3));
      j--;
    }
  };
  const mashBack = () => {
    for (let i = 3; i >= 0; i--) R[i] = get(i) - (K[get(i - 1) & 63] ?? 0);
  };
  for (let r = 0; r < 5; r++) mixBack();
  mashBack();
  for (let r = 0; r < 6; r++) mixBack();
  mashBack();
  for (let r = 0; r < 5; r++) mixBack();
  const out = new Uint8Array(8);
  for (let i = 0; i < 4; i++) {
    out[2 * i] = (R[i] ?? 0) & 0xff;
    out[2 * i + 1] = (R[i] ?? 0) >> 8;
  }
  return out;
}

/** RC2 single-block ECB decryption, exported for the RFC 2268 test vectors. */
export function rc2BlockDecrypt(key: Uint8Array, bits: number, block: Uint8Array): Uint8Array {
  return rc2DecryptBlock(rc2Expand(key, bits), block);
}

function rc2CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  if (data.length % 8 !== 0) throw new AppError('sign-wrong-pin', 'Mật khẩu tệp chứng thư số (.p12) không đúng');
  const K = rc2Expand(key, key.length * 8);
  const out = Buffer.alloc(data.length);
  let prev = iv;
  for (let off = 0; off < data.length; off += 8) {
    const block = data.subarray(off, off + 8);
    const plain = rc2DecryptBlock(K, block);
    for (let i = 0; i < 8; i++) out[off + i] = (plain[i] ?? 0) ^ (prev[i] ?? 0);
    prev = block;
  }
  const pad = out[out.length - 1] ?? 0;
  if (pad < 1 || pad > 8 || !out.subarray(out.length - pad).every((b) => b === pad)) {
    throw new AppError('sign-wrong-pin', 'Mật khẩu tệp chứng thư số (.p12) không đúng');
  }
  return out.subarray(0, out.length - pad);
}

/** Decrypts content under a legacy PKCS#12 PBE algorithm; a bad password surfaces as bad padding. */
export function legacyDecrypt(algorithm: string, salt: Uint8Array, iterations: number, data: Uint8Array, password: string): Buffer {
  const spec = legacyPbe[algorithm];
  if (!spec) throw new AppError('validation-failed', `Thuật toán mã hóa .p12 chưa hỗ trợ (${algorithm})`);
  if (iterations < 1 || iterations > 10_000_000) throw new AppError('validation-failed', 'Tham số mã hóa .p12 không hợp lệ');
  const key = pkcs12Kdf(password, salt, iterations, 1, spec.keyLength);
  const iv = pkcs12Kdf(password, salt, iterations, 2, 8);
  if (spec.cipher === 'rc2') return rc2CbcDecrypt(key, iv, data);
  try {
    const decipher = createDecipheriv(spec.cipher, key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new AppError('sign-wrong-pin', 'Mật khẩu tệp chứng thư số (.p12) không đúng');
  }
}
