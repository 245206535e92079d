import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import { archiveHeaderRead, archiveRead, archiveWrite, kdfDefaults, type EntrySink, type EntrySource, type KdfParams, type Manifest } from './archive.js';

// Backup of one workstation: the renderer's database dump (RxDB collections as JSON) plus the
// main-side data folder (settings, users, audit log, sequence, keys, content-addressed blobs).
// Restore decrypts into a staging folder next to the data folder, checks every hash and the
// GCM tag, and only then swaps folders; the previous folder is kept, never deleted.

export const backupExtension = '.mcbak';
export const dumpEntry = 'dump.json';
const dataPrefix = 'data/';
/** Transient or per-process entries that a restore must not bring back. */
export const backupExcludes = ['scans', 'motcua.lock', 'pg'];
export const passphraseMinLength = 10;

export interface BackupInfo {
  path: string;
  name: string;
  bytes: number;
  createdAt: string;
  appVersion: string;
}

export interface BackupResult {
  path: string;
  bytes: number;
  files: number;
}

export interface RestoreResult {
  dump: unknown;
  files: number;
  /** The data folder as it was before the restore, kept beside it. */
  previousDir: string | null;
}

export interface BackupServiceOptions {
  dataDir: string;
  appVersion: string;
  now?: () => Date;
  /** Tests lower the scrypt cost; the app keeps the default. */
  kdf?: Omit<KdfParams, 'name' | 'salt'>;
}

export interface BackupService {
  create(args: { dump: unknown; folder: string; passphrase: string }): Promise<BackupResult>;
  list(folder: string): Promise<BackupInfo[]>;
  verify(path: string, passphrase: string): Promise<{ files: number; bytes: number; createdAt: string; dumpBytes: number }>;
  restore(path: string, passphrase: string): Promise<RestoreResult>;
  /** When the newest backup in `folder` was made, or null. */
  lastAt(folder: string): Promise<Date | null>;
}

function passphraseCheck(passphrase: string): void {
  if (typeof passphrase !== 'string' || [...passphrase].length < passphraseMinLength) {
    throw new AppError('validation-failed', `Mật khẩu sao lưu phải có ít nhất ${passphraseMinLength} ký tự`, { field: 'passphrase' });
  }
}

async function* filesUnder(root: string, skip: (abs: string) => boolean, dir = root): AsyncGenerator<string> {
  let names: import('node:fs').Dirent[];
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    const abs = join(dir, entry.name);
    if (skip(abs) || entry.name.endsWith('.tmp')) continue;
    if (entry.isDirectory()) yield* filesUnder(root, skip, abs);
    else if (entry.isFile()) yield abs;
  }
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

export function backupServiceCreate(options: BackupServiceOptions): BackupService {
  const now = options.now ?? (() => new Date());
  const dataDir = resolve(options.dataDir);
  const kdf = options.kdf ?? kdfDefaults;

  const isExcluded = (folder: string) => (abs: string): boolean => {
    const rel = relative(dataDir, abs);
    const top = rel.split(sep)[0] ?? '';
    // A backup folder chosen inside the data folder would otherwise back itself up.
    return backupExcludes.includes(top) || abs === folder || abs.startsWith(folder + sep);
  };

  async function folderReady(folder: string): Promise<string> {
    if (typeof folder !== 'string' || folder.trim() === '') throw new AppError('validation-failed', 'Chưa chọn thư mục sao lưu', { field: 'folder' });
    const abs = resolve(folder);
    await mkdir(abs, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      throw new AppError('validation-failed', `Không ghi được vào thư mục sao lưu: ${err.code ?? err.message}`, { field: 'folder' });
    });
    return abs;
  }

  const service: BackupService = {
    async create({ dump, folder, passphrase }) {
      passphraseCheck(passphrase);
      if (dump === null || typeof dump !== 'object') throw new AppError('validation-failed', 'Thiếu bản kết xuất cơ sở dữ liệu', { field: 'dump' });
      const target = await folderReady(folder);
      const createdAt = now();
      const path = join(target, `motcua-${stamp(createdAt)}${backupExtension}`);
      const dumpBytes = Buffer.from(JSON.stringify(dump), 'utf8');
      const skip = isExcluded(target);
      async function* sources(): AsyncGenerator<EntrySource> {
        yield { name: dumpEntry, size: dumpBytes.length, chunks: async function* () { yield dumpBytes; } };
        for await (const abs of filesUnder(dataDir, skip)) {
          const rel = relative(dataDir, abs).split(sep).join('/');
          // Small files (settings, audit log) are read whole so that their size and bytes agree even while appended to.
          const info = await stat(abs);
          if (info.size <= 16 * 1024 * 1024) {
            const bytes = await readFile(abs);
            yield { name: dataPrefix + rel, size: bytes.length, chunks: async function* () { yield bytes; } };
          } else {
            yield { name: dataPrefix + rel, size: info.size, chunks: () => createReadStream(abs, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer> };
          }
        }
      }
      const { bytes, manifest } = await archiveWrite(path, passphrase, { createdAt: createdAt.toISOString(), appVersion: options.appVersion }, sources(), kdf);
      return { path, bytes, files: manifest.entries.length - 1 };
    },

    async list(folder) {
      const abs = resolve(folder);
      let names: string[];
      try {
        names = await readdir(abs);
      } catch {
        return [];
      }
      const out: BackupInfo[] = [];
      for (const name of names.filter((n) => n.endsWith(backupExtension))) {
        const path = join(abs, name);
        try {
          const { header, size } = await archiveHeaderRead(path);
          out.push({ path, name, bytes: size, createdAt: header.createdAt, appVersion: header.appVersion });
        } catch {
          // Foreign or damaged files are left out of the list; `backup verify` explains them.
        }
      }
      return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    },

    async verify(path, passphrase) {
      let dumpBytes = 0;
      const { header, manifest } = await archiveRead(path, passphrase, async (name, size) => {
        if (name === dumpEntry) dumpBytes = size;
        return { write: async () => undefined, end: async () => undefined };
      });
      const { size } = await stat(path);
      return { files: manifest.entries.length - 1, bytes: size, createdAt: header.createdAt, dumpBytes };
    },

    async restore(path, passphrase) {
      const staging = `${dataDir}.restore-${stamp(now())}`;
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true, mode: 0o700 });
      const dumpChunks: Buffer[] = [];
      const openHandles = new Set<import('node:fs/promises').FileHandle>();
      let manifest: Manifest;
      try {
        ({ manifest } = await archiveRead(path, passphrase, async (name): Promise<EntrySink> => {
          if (name === dumpEntry) {
            return { write: async (c) => void dumpChunks.push(Buffer.from(c)), end: async () => undefined };
          }
          if (!name.startsWith(dataPrefix)) throw new AppError('backup-corrupt', `Mục sao lưu lạ: ${name}`, { name });
          const target = join(staging, ...name.slice(dataPrefix.length).split('/'));
          await mkdir(dirname(target), { recursive: true });
          const handle = await open(target, 'wx', 0o600);
          openHandles.add(handle);
          return {
            write: async (c) => void (await handle.write(c)),
            end: async () => {
              await handle.sync();
              await handle.close();
              openHandles.delete(handle);
            },
          };
        }));
      } catch (err) {
        for (const handle of openHandles) await handle.close().catch(() => undefined);
        await rm(staging, { recursive: true, force: true });
        throw err;
      }
      let dump: unknown;
      try {
        dump = JSON.parse(Buffer.concat(dumpChunks).toString('utf8'));
      } catch {
        await rm(staging, { recursive: true, force: true });
        throw new AppError('backup-corrupt', 'Bản kết xuất cơ sở dữ liệu trong tệp sao lưu hỏng', { path });
      }
      // Everything checked: now, and only now, the current data folder is set aside.
      let previousDir: string | null = `${dataDir}.before-restore-${stamp(now())}`;
      try {
        await rename(dataDir, previousDir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
          await rm(staging, { recursive: true, force: true });
          throw new AppError('internal', `Không tạm cất được thư mục dữ liệu hiện tại: ${(err as Error).message}`, { dataDir });
        }
        previousDir = null;
      }
      await rename(staging, dataDir);
      return { dump, files: manifest.entries.length - 1, previousDir };
    },

    async lastAt(folder) {
      const [newest] = await service.list(folder);
      return newest ? new Date(newest.createdAt) : null;
    },
  };
  return service;
}

