import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { AppError } from '../../../shared/contract/errors.js';

// The encrypted backup file (.mcbak). Layout:
//   "MCBACKUP" | u32 header length | header JSON (plain, authenticated as GCM AAD) | ciphertext | 16-byte GCM tag
// The plaintext is a sequence of entries `u32 name length | name | u64 size | bytes`; the last
// entry is manifest.json with the SHA-256 of every other entry, so a reader can check each file
// before anything is replaced. The key comes from a passphrase through scrypt (not from the OS
// keychain): a backup must open on a new machine after the old one died or was reinstalled.

export const backupMagic = Buffer.from('MCBACKUP', 'ascii');
export const manifestName = 'manifest.json';

export interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

export interface BackupHeader {
  format: 'motcua-backup';
  version: 1;
  createdAt: string;
  appVersion: string;
  cipher: 'aes-256-gcm';
  iv: string;
  kdf: KdfParams;
  /** HMAC of a fixed label under a second derived key: a wrong passphrase fails before decrypting. */
  keyCheck: string;
}

export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: 'motcua-backup-manifest';
  version: 1;
  createdAt: string;
  entries: ManifestEntry[];
}

/** One entry to write: its name inside the archive, its size and its bytes in chunks. */
export interface EntrySource {
  name: string;
  size: number;
  chunks(): AsyncIterable<Buffer>;
}

/** Receives one entry while it is decrypted. */
export interface EntrySink {
  write(chunk: Buffer): Promise<void>;
  end(): Promise<void>;
}

export const kdfDefaults = { N: 2 ** 15, r: 8, p: 1 } as const;
const maxHeader = 64 * 1024;
const tagLength = 16;

function keysDerive(passphrase: string, kdf: KdfParams): Promise<{ enc: Buffer; check: Buffer }> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r }, (err, key) => {
      if (err) reject(err);
      else resolve({ enc: key.subarray(0, 32), check: key.subarray(32) });
    });
  });
}

const keyCheckOf = (check: Buffer): string => createHmac('sha256', check).update('motcua-backup-key-check').digest('base64');

/** Entry names are relative POSIX paths without `..`: a crafted archive cannot write outside the target. */
export function entryNameValid(name: string): boolean {
  if (name.length === 0 || name.length > 1024 || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && !/^[A-Za-z]:$/.test(part));
}

function entryHead(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const head = Buffer.alloc(4 + nameBytes.length + 8);
  head.writeUInt32BE(nameBytes.length, 0);
  nameBytes.copy(head, 4);
  head.writeBigUInt64BE(BigInt(size), 4 + nameBytes.length);
  return head;
}

/**
 * Writes the archive to `<path>.part`, fsyncs and renames it: an interrupted backup (USB stick
 * pulled out) never leaves a file that looks complete.
 */
export async function archiveWrite(
  path: string,
  passphrase: string,
  meta: { createdAt: string; appVersion: string },
  sources: AsyncIterable<EntrySource> | Iterable<EntrySource>,
  kdf: Omit<KdfParams, 'name' | 'salt'> = kdfDefaults,
): Promise<{ bytes: number; manifest: Manifest }> {
  const kdfParams: KdfParams = { name: 'scrypt', ...kdf, salt: randomBytes(16).toString('base64') };
  const keys = await keysDerive(passphrase, kdfParams);
  const iv = randomBytes(12);
  const header: BackupHeader = {
    format: 'motcua-backup',
    version: 1,
    ...meta,
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    kdf: kdfParams,
    keyCheck: keyCheckOf(keys.check),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(backupMagic.length + 4);
  backupMagic.copy(lead, 0);
  lead.writeUInt32BE(headerBytes.length, backupMagic.length);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
  cipher.setAAD(Buffer.concat([lead, headerBytes]));
  const part = `${path}.part`;
  const file = await open(part, 'w', 0o600);
  let bytes = 0;
  const put = async (data: Buffer): Promise<void> => {
    if (data.length === 0) return;
    await file.write(data);
    bytes += data.length;
  };
  const entries: ManifestEntry[] = [];
  const encrypt = async (name: string, size: number, chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<ManifestEntry> => {
    await put(cipher.update(entryHead(name, size)));
    const hash = createHash('sha256');
    let seen = 0;
    for await (const chunk of chunks) {
      seen += chunk.length;
      // A file that grew or shrank while being read would corrupt the framing: refuse it.
      if (seen > size) throw new AppError('internal', `Tệp thay đổi trong khi sao lưu: ${name}`, { name });
      hash.update(chunk);
      await put(cipher.update(chunk));
    }
    if (seen !== size) throw new AppError('internal', `Tệp thay đổi trong khi sao lưu: ${name}`, { name });
    return { name, size, sha256: hash.digest('hex') };
  };
  try {
    await put(Buffer.concat([lead, headerBytes]));
    for await (const source of sources) {
      if (!entryNameValid(source.name) || source.name === manifestName) {
        throw new AppError('validation-failed', `Tên mục sao lưu không hợp lệ: ${source.name}`, { name: source.name });
      }
      entries.push(await encrypt(source.name, source.size, source.chunks()));
    }
    const manifest: Manifest = { format: 'motcua-backup-manifest', version: 1, createdAt: meta.createdAt, entries };
    const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
    await encrypt(manifestName, manifestBytes.length, [manifestBytes]);
    await put(cipher.final());
    await put(cipher.getAuthTag());
    await file.sync();
    await file.close();
    await rename(part, path);
    return { bytes, manifest };
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(part, { force: true });
    throw err;
  }
}

const corrupt = (message: string, details?: Record<string, unknown>): AppError => new AppError('backup-corrupt', message, details);

/** Reads only the plain header (no passphrase needed): the list of backups shows date and version. */
export async function archiveHeaderRead(path: string): Promise<{ header: BackupHeader; headerEnd: number; size: number }> {
  const { size } = await stat(path);
  const file = await open(path, 'r');
  try {
    const lead = Buffer.alloc(backupMagic.length + 4);
    await file.read(lead, 0, lead.length, 0);
    if (!lead.subarray(0, backupMagic.length).equals(backupMagic)) throw corrupt('Không phải tệp sao lưu MộtCửa', { path });
    const length = lead.readUInt32BE(backupMagic.length);
    if (length > maxHeader || lead.length + length + tagLength > size) throw corrupt('Phần đầu tệp sao lưu hỏng', { path });
    const headerBytes = Buffer.alloc(length);
    await file.read(headerBytes, 0, length, lead.length);
    let header: BackupHeader;
    try {
      header = JSON.parse(headerBytes.toString('utf8')) as BackupHeader;
    } catch {
      throw corrupt('Phần đầu tệp sao lưu hỏng', { path });
    }
    const kdf = header.kdf as Partial<KdfParams> | undefined;
    if (
      header.format !== 'motcua-backup' ||
      header.version !== 1 ||
      header.cipher !== 'aes-256-gcm' ||
      kdf?.name !== 'scrypt' ||
      !Number.isInteger(kdf.N) || (kdf.N ?? 0) < 2 ** 10 || (kdf.N ?? 0) > 2 ** 20 ||
      !Number.isInteger(kdf.r) || (kdf.r ?? 0) < 1 || (kdf.r ?? 0) > 32 ||
      !Number.isInteger(kdf.p) || (kdf.p ?? 0) < 1 || (kdf.p ?? 0) > 16 ||
      typeof kdf.salt !== 'string' || typeof header.iv !== 'string' || typeof header.keyCheck !== 'string'
    ) {
      throw corrupt('Phiên bản hoặc tham số tệp sao lưu không được hỗ trợ', { path });
    }
    return { header, headerEnd: lead.length + length, size };
  } finally {
    await file.close();
  }
}

/**
 * Decrypts the archive, handing each entry to `sinkFor` and checking its size and SHA-256
 * against the manifest. Resolves only when the GCM tag and every hash matched; the caller must
 * not act on what the sinks received before that.
 */
export async function archiveRead(path: string, passphrase: string, sinkFor: (name: string, size: number) => Promise<EntrySink>): Promise<{ header: BackupHeader; manifest: Manifest }> {
  const { header, headerEnd, size } = await archiveHeaderRead(path);
  const keys = await keysDerive(passphrase, header.kdf);
  const expected = Buffer.from(header.keyCheck, 'base64');
  const actual = Buffer.from(keyCheckOf(keys.check), 'base64');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AppError('backup-wrong-passphrase', 'Mật khẩu sao lưu không đúng', { path });
  }
  const file = await open(path, 'r');
  const tag = Buffer.alloc(tagLength);
  const lead = Buffer.alloc(headerEnd);
  try {
    await file.read(tag, 0, tagLength, size - tagLength);
    await file.read(lead, 0, headerEnd, 0);
  } finally {
    await file.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', keys.enc, Buffer.from(header.iv, 'base64'));
  decipher.setAAD(lead);
  decipher.setAuthTag(tag);

  const seen: ManifestEntry[] = [];
  let manifestBytes: Buffer | null = null;
  let pending: Buffer = Buffer.alloc(0);
  let current: { name: string; size: number; left: number; hash: ReturnType<typeof createHash>; sink: EntrySink | null; buf: Buffer[] } | null = null;

  const entryFinish = async (): Promise<void> => {
    if (!current) return;
    const sha256 = current.hash.digest('hex');
    if (current.name === manifestName) manifestBytes = Buffer.concat(current.buf);
    else {
      await current.sink?.end();
      seen.push({ name: current.name, size: current.size, sha256 });
    }
    current = null;
  };
  const feed = async (plain: Buffer): Promise<void> => {
    pending = pending.length ? Buffer.concat([pending, plain]) : plain;
    for (;;) {
      if (!current) {
        if (manifestBytes) {
          if (pending.length) throw corrupt('Dữ liệu thừa sau danh mục sao lưu');
          return;
        }
        if (pending.length < 4) return;
        const nameLength = pending.readUInt32BE(0);
        if (nameLength === 0 || nameLength > 1024) throw corrupt('Cấu trúc tệp sao lưu hỏng');
        if (pending.length < 4 + nameLength + 8) return;
        const name = pending.subarray(4, 4 + nameLength).toString('utf8');
        const entrySize = Number(pending.readBigUInt64BE(4 + nameLength));
        if (!entryNameValid(name) || !Number.isSafeInteger(entrySize)) throw corrupt('Tên mục sao lưu không hợp lệ', { name });
        pending = pending.subarray(4 + nameLength + 8);
        const isManifest = name === manifestName;
        if (isManifest && entrySize > 64 * 1024 * 1024) throw corrupt('Danh mục sao lưu quá lớn');
        current = { name, size: entrySize, left: entrySize, hash: createHash('sha256'), sink: isManifest ? null : await sinkFor(name, entrySize), buf: [] };
      }
      const take = Math.min(current.left, pending.length);
      if (take > 0) {
        const chunk = pending.subarray(0, take);
        current.hash.update(chunk);
        if (current.sink) await current.sink.write(chunk);
        else current.buf.push(Buffer.from(chunk));
        current.left -= take;
        pending = pending.subarray(take);
      }
      if (current.left > 0) return;
      await entryFinish();
    }
  };
  for await (const chunk of createReadStream(path, { start: headerEnd, end: size - tagLength - 1, highWaterMark: 1 << 20 })) {
    await feed(decipher.update(chunk as Buffer));
  }
  try {
    await feed(decipher.final());
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw corrupt('Tệp sao lưu bị sửa đổi hoặc hỏng (thẻ xác thực sai)', { path });
  }
  if (current || !manifestBytes) throw corrupt('Tệp sao lưu bị cắt cụt', { path });
  let manifest: Manifest;
  try {
    manifest = JSON.parse((manifestBytes as Buffer).toString('utf8')) as Manifest;
  } catch {
    throw corrupt('Danh mục sao lưu hỏng', { path });
  }
  if (manifest.format !== 'motcua-backup-manifest' || !Array.isArray(manifest.entries) || manifest.entries.length !== seen.length) {
    throw corrupt('Danh mục sao lưu không khớp nội dung', { path });
  }
  for (const [i, entry] of manifest.entries.entries()) {
    const got = seen[i];
    if (!got || got.name !== entry.name || got.size !== entry.size || got.sha256 !== entry.sha256) {
      throw corrupt(`Mục sao lưu sai mã băm: ${entry.name}`, { path, name: entry.name });
    }
  }
  return { header, manifest };
}
