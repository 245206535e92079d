import { z } from 'zod';

// Sync bundles: replicated rows and file bytes carried on a USB stick between workstations, the
// supervisor's PC and the provincial server when there is no network (docs/spec/bundle.md).
// This module is the format: manifest schema, canonical ordering, byte layout, check order and
// the merge rule. The primitives (SHA-256, HKDF, AES-256-GCM, Ed25519, UTF-8) are injected, so
// the main process and the server run the very same checks with node:crypto.
//
// Version 2 (architecture decision 9): a bundle carries what a push carries — events, each keyed
// by its own id, and file records; dossiers are rebuilt from the events on arrival. A row is new,
// or identical to the stored one, or refused (`immutable`): nothing is merged or replaced.

export const bundleMagic = 'MCBNDL01';
export const bundleFormatVersion = 2;
export const bundleCollections = ['events', 'files'] as const;
export type BundleCollection = (typeof bundleCollections)[number];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex');
const docId = z.string().min(1).max(128);

/** A replicated row as the renderer holds it; collection rules are checked again by the receiver. */
export const bundleRowSchema = z.looseObject({ id: docId, unitCode: z.string().min(1).max(64) });
export type BundleRow = z.infer<typeof bundleRowSchema>;

export const bundleHeaderSchema = z
  .object({
    format: z.literal('motcua-bundle'),
    version: z.literal(bundleFormatVersion),
    bundleId: z.string().regex(/^[0-9a-f]{32}$/),
    workstationId: z.string().min(1).max(128),
    /** Fingerprint of the signer's public key (first 32 hex of SHA-256 of the SPKI DER). */
    keyId: z.string().regex(/^[0-9a-f]{32}$/),
    /** Which province secret encrypts the payload (rotation keeps old bundles readable). */
    secretId: z.string().min(1).max(64),
    createdAt: z.string().min(10).max(40),
    salt: z.string().regex(/^[0-9a-f]{32}$/),
    iv: z.string().regex(/^[0-9a-f]{24}$/),
  })
  .strict();
export type BundleHeader = z.infer<typeof bundleHeaderSchema>;

export const bundleManifestSchema = z
  .object({
    rows: z.object({ events: z.array(bundleRowSchema), files: z.array(bundleRowSchema) }).strict(),
    blobs: z.array(z.object({ sha256: sha256Hex, size: z.number().int().min(0) }).strict()),
  })
  .strict();
export type BundleManifest = z.infer<typeof bundleManifestSchema>;
export type BundleRows = BundleManifest['rows'];

export interface BundleCrypto {
  utf8Encode(text: string): Uint8Array;
  utf8Decode(bytes: Uint8Array): string;
  sha256(bytes: Uint8Array): Uint8Array;
  randomBytes(n: number): Uint8Array;
  /** HKDF-SHA256 → 32 bytes. */
  keyDerive(secret: Uint8Array, salt: Uint8Array, info: string): Uint8Array;
  /** AES-256-GCM: ciphertext followed by the 16-byte tag. */
  seal(key: Uint8Array, iv: Uint8Array, plain: Uint8Array, aad: Uint8Array): Uint8Array;
  /** null when the tag does not verify. */
  open(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null;
  verify(publicKeyPem: string, data: Uint8Array, signature: Uint8Array): boolean;
  keyIdOf(publicKeyPem: string): string;
}

export interface BundleSigner {
  workstationId: string;
  publicKeyPem: string;
  sign(data: Uint8Array): Uint8Array;
}

export interface BundleSecret {
  id: string;
  key: Uint8Array;
}

export type BundleRefusal = 'bundle-corrupt' | 'bundle-untrusted';

/** Thrown by bundleOpen; callers turn it into AppError with the same code. */
export class BundleRefused extends Error {
  constructor(
    readonly code: BundleRefusal,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BundleRefused';
  }
}

/** JSON with object keys sorted at every depth: equal documents give equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Canonical order: rows by id within each collection, blobs by hash, duplicates removed. */
export function bundleManifestCanonical(m: BundleManifest): BundleManifest {
  const uniq = <T extends { id: string }>(rows: T[]) => [...new Map(rows.map((r) => [r.id, r])).values()].sort(byId);
  const blobs = [...new Map(m.blobs.map((b) => [b.sha256, b])).values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
  return { rows: { events: uniq(m.rows.events), files: uniq(m.rows.files) }, blobs };
}

export function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

const kdfInfo = (secretId: string) => `motcua-bundle/v1/${secretId}`;
const sigLen = 64;
const sumLen = 32;

/**
 * Layout: magic(8) | u32 headerLen | header (canonical JSON) | u32 sealedLen | sealed payload
 * (AES-256-GCM, AAD = header) | Ed25519 signature(64) over SHA-256 of all before it | SHA-256(32)
 * of all before it. Payload: u32 manifestLen | manifest (canonical JSON) | blob bytes in manifest order.
 */
export function bundleSeal(
  c: BundleCrypto,
  input: { manifest: BundleManifest; blobBytes: (sha256: string) => Uint8Array; signer: BundleSigner; secret: BundleSecret; createdAt: string },
): { bytes: Uint8Array; header: BundleHeader } {
  const manifest = bundleManifestCanonical(bundleManifestSchema.parse(input.manifest));
  const header: BundleHeader = {
    format: 'motcua-bundle',
    version: bundleFormatVersion,
    bundleId: hexOf(c.randomBytes(16)),
    workstationId: input.signer.workstationId,
    keyId: c.keyIdOf(input.signer.publicKeyPem),
    secretId: input.secret.id,
    createdAt: input.createdAt,
    salt: hexOf(c.randomBytes(16)),
    iv: hexOf(c.randomBytes(12)),
  };
  const headerBytes = c.utf8Encode(canonicalJson(header));
  const manifestBytes = c.utf8Encode(canonicalJson(manifest));
  const blobs = manifest.blobs.map((b) => {
    const bytes = input.blobBytes(b.sha256);
    if (bytes.length !== b.size || hexOf(c.sha256(bytes)) !== b.sha256) throw new BundleRefused('bundle-corrupt', `blob ${b.sha256} does not match its hash or size`);
    return bytes;
  });
  const plain = concat([u32(manifestBytes.length), manifestBytes, ...blobs]);
  const key = c.keyDerive(input.secret.key, hexBytes(header.salt), kdfInfo(header.secretId));
  const sealed = c.seal(key, hexBytes(header.iv), plain, headerBytes);
  const body = concat([c.utf8Encode(bundleMagic), u32(headerBytes.length), headerBytes, u32(sealed.length), sealed]);
  const signed = concat([body, input.signer.sign(c.sha256(body))]);
  return { bytes: concat([signed, c.sha256(signed)]), header };
}

export interface BundleOpened {
  header: BundleHeader;
  manifest: BundleManifest;
  blobs: Map<string, Uint8Array>;
}

/** Trusted keys by workstation id (PEM); a secret by its id. */
export interface BundleTrust {
  publicKeyOf(workstationId: string): string | undefined;
  secretOf(secretId: string): Uint8Array | undefined;
}

/**
 * Check order: integrity (any altered or missing byte → bundle-corrupt), then the signer (unknown
 * workstation, another key, or a signature that does not verify → bundle-untrusted), then decryption
 * and the manifest (→ bundle-corrupt). Nothing is decrypted before the signer is known.
 */
export function bundleOpen(c: BundleCrypto, bytes: Uint8Array, trust: BundleTrust): BundleOpened {
  const corrupt = (why: string): never => {
    throw new BundleRefused('bundle-corrupt', `Gói đồng bộ bị hỏng hoặc đã bị sửa: ${why}`, { reason: why });
  };
  const magic = c.utf8Encode(bundleMagic);
  if (bytes.length < magic.length + 8 + sigLen + sumLen) corrupt('too short');
  const signedEnd = bytes.length - sumLen;
  if (hexOf(c.sha256(bytes.subarray(0, signedEnd))) !== hexOf(bytes.subarray(signedEnd))) corrupt('checksum mismatch');
  if (hexOf(bytes.subarray(0, magic.length)) !== hexOf(magic)) corrupt('not a MotCua bundle');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getUint32(magic.length);
  const headerStart = magic.length + 4;
  if (headerStart + headerLen + 4 > signedEnd - sigLen) corrupt('header length');
  const headerBytes = bytes.subarray(headerStart, headerStart + headerLen);
  let header: BundleHeader;
  try {
    const raw: unknown = JSON.parse(c.utf8Decode(headerBytes));
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version !== bundleFormatVersion) return corrupt(`format version ${version}, this app reads ${bundleFormatVersion} (export it again with an up-to-date app)`);
    header = bundleHeaderSchema.parse(raw);
  } catch (err) {
    if (err instanceof BundleRefused) throw err;
    return corrupt('header');
  }
  const sealedLen = view.getUint32(headerStart + headerLen);
  const sealedStart = headerStart + headerLen + 4;
  const bodyEnd = sealedStart + sealedLen;
  if (bodyEnd !== signedEnd - sigLen) corrupt('payload length');
  const untrusted = (why: string): never => {
    throw new BundleRefused('bundle-untrusted', `Gói đồng bộ không do máy trạm tin cậy ký (${header.workstationId}): ${why}`, { workstationId: header.workstationId, reason: why });
  };
  const pem = trust.publicKeyOf(header.workstationId);
  if (pem === undefined) untrusted('unknown workstation');
  if (c.keyIdOf(pem as string) !== header.keyId) untrusted('signed with a key that is not the registered one');
  const body = bytes.subarray(0, bodyEnd);
  if (!c.verify(pem as string, c.sha256(body), bytes.subarray(bodyEnd, signedEnd))) untrusted('signature does not verify');
  const secret = trust.secretOf(header.secretId);
  if (secret === undefined) throw new BundleRefused('bundle-untrusted', `Không có khoá tỉnh "${header.secretId}" để mở gói`, { secretId: header.secretId, reason: 'unknown secret' });
  const key = c.keyDerive(secret, hexBytes(header.salt), kdfInfo(header.secretId));
  const plain = c.open(key, hexBytes(header.iv), bytes.subarray(sealedStart, bodyEnd), headerBytes);
  if (plain === null) return corrupt('cannot decrypt (wrong province key or damaged payload)');
  const pv = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (plain.length < 4) corrupt('payload');
  const manifestLen = pv.getUint32(0);
  let manifest: BundleManifest;
  try {
    manifest = bundleManifestSchema.parse(JSON.parse(c.utf8Decode(plain.subarray(4, 4 + manifestLen))));
  } catch {
    return corrupt('manifest');
  }
  const blobs = new Map<string, Uint8Array>();
  let at = 4 + manifestLen;
  for (const b of manifest.blobs) {
    const blob = plain.subarray(at, at + b.size);
    if (blob.length !== b.size || hexOf(c.sha256(blob)) !== b.sha256) corrupt(`blob ${b.sha256}`);
    blobs.set(b.sha256, blob);
    at += b.size;
  }
  if (at !== plain.length) corrupt('trailing payload bytes');
  return { header, manifest, blobs };
}

export type BundleDecision = 'insert' | 'same' | 'immutable';

/** Fields a copy of a record gains on the way (the server's position and time) or as a wire convention. */
const carried = new Set(['pos', 'acceptedAt', 'updatedAt', '_deleted', 'syncState', 'syncReason']);

/** A record as its author wrote it: what two copies must agree on to be the same record. */
export function bundleRowBody(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k, v]) => !carried.has(k) && v !== undefined));
}

/**
 * What to do with an incoming row given the stored one. Events and file records never change:
 * a row is new (`insert`), the same record (`same`, whatever position either copy carries), or
 * another record under a stored id — or a deletion — which is refused (`immutable`). So importing
 * a bundle twice, or an older one, changes nothing.
 */
export function bundleRowDecide(stored: Record<string, unknown> | undefined, incoming: Record<string, unknown>): BundleDecision {
  if (incoming._deleted === true) return 'immutable';
  if (stored === undefined) return 'insert';
  return canonicalJson(bundleRowBody(stored)) === canonicalJson(bundleRowBody(incoming)) ? 'same' : 'immutable';
}
