import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import pkcs11js from 'pkcs11js';
import { AppError } from '../../../shared/contract/errors.js';
import { certificateSummary, type CertificateSummary, type SignerKey } from './signerKey.js';

// USB tokens through the CA middleware's PKCS#11 library (VNPT-CA, Viettel-CA, VGCA … each ships
// its own; the path is configured per workstation, never guessed). The PIN is used for C_Login
// and dropped; it is never stored. Three wrong PINs usually lock a token, so a wrong PIN is
// reported at once and never retried.

type Handle = Buffer;

export interface TokenCertificate extends CertificateSummary {
  /** CKA_ID in hex: pairs the certificate with its private key. */
  id: string;
}

export interface TokenListing {
  slotId: string;
  slotDescription: string;
  label: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  certificates: TokenCertificate[];
}

export interface Pkcs11KeyRequest {
  libraryPath: string;
  /** Token label; absent = the only token present. */
  tokenLabel?: string | undefined;
  /** CKA_ID (hex) of the certificate to sign with; absent = the one with a private key. */
  certificateId?: string | undefined;
  pin: string;
}

const tokenGone = new Set([pkcs11js.CKR_DEVICE_REMOVED, pkcs11js.CKR_TOKEN_NOT_PRESENT, pkcs11js.CKR_TOKEN_NOT_RECOGNIZED, pkcs11js.CKR_DEVICE_ERROR, pkcs11js.CKR_SESSION_HANDLE_INVALID, pkcs11js.CKR_SESSION_CLOSED]);
const pinBad = new Set([pkcs11js.CKR_PIN_INCORRECT, pkcs11js.CKR_PIN_INVALID, pkcs11js.CKR_PIN_LEN_RANGE]);

function codeOf(err: unknown): number | null {
  return err instanceof pkcs11js.Pkcs11Error ? err.code : null;
}

/** Maps a PKCS#11 failure to the stable codes the counter UI reacts to. */
export function pkcs11ErrorMap(err: unknown, step: string): AppError {
  if (err instanceof AppError) return err;
  const code = codeOf(err);
  const detail = { step, pkcs11: err instanceof Error ? err.message : String(err) };
  // Mid-signature, a key handle that was valid a moment ago vanishing means the token went away
  // (SoftHSM2 answers so when its token store disappears; real tokens say DEVICE_REMOVED).
  const handleGone = step === 'sign' && (code === pkcs11js.CKR_OBJECT_HANDLE_INVALID || code === pkcs11js.CKR_KEY_HANDLE_INVALID);
  if (code !== null && (tokenGone.has(code) || handleGone)) return new AppError('sign-token-missing', 'Thiết bị ký số (USB token) đã bị rút hoặc không phản hồi', detail);
  if (code !== null && pinBad.has(code)) return new AppError('sign-wrong-pin', 'Mã PIN không đúng. Lưu ý: nhập sai nhiều lần có thể khóa thiết bị ký số', detail);
  if (code === pkcs11js.CKR_PIN_LOCKED) return new AppError('sign-wrong-pin', 'Thiết bị ký số đã bị khóa do nhập sai PIN nhiều lần', { ...detail, locked: true });
  return new AppError('internal', `Lỗi thiết bị ký số ở bước ${step}: ${detail.pkcs11}`, detail);
}

interface Module {
  lib: pkcs11js.PKCS11;
  close(): void;
}

function moduleOpen(libraryPath: string): Module {
  try {
    accessSync(libraryPath, constants.R_OK);
  } catch {
    throw new AppError('sign-library-unreadable', `Không đọc được thư viện PKCS#11: ${libraryPath}`, { libraryPath });
  }
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(libraryPath);
  } catch (err) {
    throw new AppError('sign-library-unreadable', `Thư viện PKCS#11 không nạp được: ${libraryPath}`, {
      libraryPath,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  try {
    lib.C_Initialize();
  } catch (err) {
    if (codeOf(err) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      throw new AppError('sign-library-unreadable', `Thư viện PKCS#11 không khởi tạo được: ${libraryPath}`, {
        libraryPath,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return {
    lib,
    close() {
      try {
        lib.C_Finalize();
      } catch {
        // Already finalised or the token vanished: nothing left to release.
      }
    },
  };
}

function trimmed(s: string): string {
  return s.replace(/[\s\0]+$/, '');
}

/** Blank slots (SoftHSM's free slot, a factory-fresh token) have no key to offer. */
function initialised(token: pkcs11js.TokenInfo): boolean {
  return (token.flags & pkcs11js.CKF_TOKEN_INITIALIZED) !== 0;
}

function findAll(lib: pkcs11js.PKCS11, session: Handle, template: pkcs11js.Template): Handle[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const out: Handle[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 32);
      if (batch.length === 0) return out;
      out.push(...batch);
    }
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function attrBytes(lib: pkcs11js.PKCS11, session: Handle, obj: Handle, type: number): Buffer {
  const [attr] = lib.C_GetAttributeValue(session, obj, [{ type }]);
  const value = attr?.value;
  return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
}

function certificatesRead(lib: pkcs11js.PKCS11, session: Handle): { der: Uint8Array; id: string }[] {
  const objects = findAll(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
  ]);
  return objects.map((o) => ({
    der: new Uint8Array(attrBytes(lib, session, o, pkcs11js.CKA_VALUE)),
    id: attrBytes(lib, session, o, pkcs11js.CKA_ID).toString('hex'),
  }));
}

/** Slots with a token, and the certificates readable without the PIN. */
export function pkcs11TokensList(libraryPath: string): TokenListing[] {
  const mod = moduleOpen(libraryPath);
  try {
    const out: TokenListing[] = [];
    for (const slot of mod.lib.C_GetSlotList(true)) {
      const slotInfo = mod.lib.C_GetSlotInfo(slot);
      const token = mod.lib.C_GetTokenInfo(slot);
      if (!initialised(token)) continue;
      const session = mod.lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      let certificates: TokenCertificate[] = [];
      try {
        certificates = certificatesRead(mod.lib, session).map((c) => ({ ...certificateSummary(c.der), id: c.id }));
      } finally {
        mod.lib.C_CloseSession(session);
      }
      out.push({
        slotId: slot.toString('hex'),
        slotDescription: trimmed(slotInfo.slotDescription),
        label: trimmed(token.label),
        manufacturer: trimmed(token.manufacturerID),
        model: trimmed(token.model),
        serialNumber: trimmed(token.serialNumber),
        certificates,
      });
    }
    return out;
  } catch (err) {
    throw pkcs11ErrorMap(err, 'list');
  } finally {
    mod.close();
  }
}

function slotChoose(lib: pkcs11js.PKCS11, label: string | undefined): Handle {
  const labelled = lib
    .C_GetSlotList(true)
    .map((s) => ({ s, info: lib.C_GetTokenInfo(s) }))
    .filter((t) => initialised(t.info))
    .map((t) => ({ s: t.s, label: trimmed(t.info.label) }));
  const chosen = label === undefined ? (labelled.length === 1 ? labelled[0] : undefined) : labelled.find((l) => l.label === label);
  if (!chosen) {
    const found = labelled.map((l) => l.label);
    throw new AppError(
      'sign-token-missing',
      label === undefined && found.length > 1
        ? `Có ${found.length} thiết bị ký số, hãy chọn một (${found.join(', ')})`
        : `Không thấy thiết bị ký số${label ? ` "${label}"` : ''}. Hãy cắm USB token`,
      { label: label ?? null, found },
    );
  }
  return chosen.s;
}

/** After a wrong PIN, tells the clerk when the next mistake locks the token (token flags). */
function pinWarningAdd(lib: pkcs11js.PKCS11, slot: Handle, err: AppError): AppError {
  if (err.code !== 'sign-wrong-pin') return err;
  let flags: number;
  try {
    flags = lib.C_GetTokenInfo(slot).flags;
  } catch {
    return err; // the token went away after the failed login: the PIN error still stands
  }
  const finalTry = (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) !== 0;
  const countLow = (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) !== 0;
  const message = finalTry ? `${err.message}. Nhập sai thêm một lần nữa thiết bị sẽ bị khóa` : err.message;
  return new AppError('sign-wrong-pin', message, { ...err.details, finalTry, countLow });
}

/** rfc 3279 Ecdsa-Sig-Value from PKCS#11's raw r || s. */
function ecdsaDer(raw: Buffer): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Buffer) => {
    let v = b;
    while (v.length > 1 && v[0] === 0 && ((v[1] ?? 0) & 0x80) === 0) v = v.subarray(1);
    if (((v[0] ?? 0) & 0x80) !== 0) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30, body.length]), body]));
}

/** Logs in to the token and returns a signer; close() logs out and finalises the library. */
export async function pkcs11KeyOpen(request: Pkcs11KeyRequest): Promise<SignerKey> {
  const mod = moduleOpen(request.libraryPath);
  let session: Handle | null = null;
  try {
    const slot = slotChoose(mod.lib, request.tokenLabel);
    session = mod.lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      mod.lib.C_Login(session, pkcs11js.CKU_USER, request.pin);
    } catch (err) {
      if (codeOf(err) !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) throw pinWarningAdd(mod.lib, slot, pkcs11ErrorMap(err, 'login'));
    }
    const keys = findAll(mod.lib, session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_SIGN, value: true },
    ]).map((k) => ({ handle: k, id: attrBytes(mod.lib, session as Handle, k, pkcs11js.CKA_ID).toString('hex') }));
    const certs = certificatesRead(mod.lib, session);
    const pairs = certs
      .map((c) => ({ cert: c, key: keys.find((k) => k.id === c.id) }))
      .filter((p) => p.key && (request.certificateId === undefined || p.cert.id === request.certificateId));
    const pair = pairs[0];
    if (!pair?.key) {
      throw new AppError('not-found', 'Thiết bị ký số không có chứng thư số kèm khóa bí mật phù hợp', {
        certificateId: request.certificateId ?? null,
      });
    }
    const keyTypeBytes = attrBytes(mod.lib, session, pair.key.handle, pkcs11js.CKA_KEY_TYPE);
    const keyType = keyTypeBytes.length > 0 ? keyTypeBytes.readUIntLE(0, Math.min(6, keyTypeBytes.length)) : -1;
    const ec = keyType === pkcs11js.CKK_EC;
    const handle = pair.key.handle;
    const open = session;
    return {
      certificate: pair.cert.der,
      chain: certs.filter((c) => c !== pair.cert).map((c) => c.der),
      keyAlgorithm: ec ? 'ec' : 'rsa',
      async sign(data) {
        try {
          if (ec) {
            mod.lib.C_SignInit(open, { mechanism: pkcs11js.CKM_ECDSA }, handle);
            const digest = createHash('sha256').update(data).digest();
            return ecdsaDer(mod.lib.C_Sign(open, digest, Buffer.alloc(132)));
          }
          mod.lib.C_SignInit(open, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, handle);
          return new Uint8Array(mod.lib.C_Sign(open, Buffer.from(data), Buffer.alloc(1024)));
        } catch (err) {
          throw pkcs11ErrorMap(err, 'sign');
        }
      },
      async close() {
        try {
          mod.lib.C_Logout(open);
          mod.lib.C_CloseSession(open);
        } catch {
          // The token may already be gone; finalising below releases the library anyway.
        }
        mod.close();
      },
    };
  } catch (err) {
    if (session) {
      try {
        mod.lib.C_CloseSession(session);
      } catch {
        // ignore: reporting the original failure matters more
      }
    }
    mod.close();
    throw pkcs11ErrorMap(err, 'open');
  }
}
