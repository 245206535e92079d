import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/contract/errors.js';

// The server's data folder is never silently replaced. PGlite, given a folder without a
// database, makes a new empty one: a mistyped --data, a restore that missed a file or a folder
// deleted under a running server would each turn into "all users and dossiers gone" without a
// word. So: a folder carries an identity file (`motcua-data.json`); a new folder is made only
// for --init (path absent) or in an empty folder, and always with a line saying so; a folder
// whose embedded database is missing or incomplete refuses to start; and a running server
// checks before each write that its folder is still the one it opened.

export const dataMarkerName = 'motcua-data.json';
const markerFormat = 'motcua-server-data';

// What PostgreSQL cannot start without; PGlite would re-create the cluster over a folder that
// lacks PG_VERSION, and crash obscurely on the others.
const clusterRequired = ['PG_VERSION', 'global/pg_control', 'base', 'pg_wal', 'pg_xact', 'postgresql.conf'];
// Left by the OS or by us in a folder that holds no data yet.
const ignorable = new Set(['lost+found', 'motcua.lock', '.DS_Store']);
// Any of these says the folder has been a MotCua data folder (made before the identity file).
const ourEntries = ['pg', 'blobs', 'token-secret', 'motcua.lock'];

interface Marker {
  format: typeof markerFormat;
  id: string;
  createdAt: string;
}

export interface DataFolderOptions {
  /** The database is PGlite in `<dir>/pg` (not DATABASE_URL). */
  embedded: boolean;
  /** --init: a folder that does not exist yet may be created. */
  init: boolean;
}

export interface DataFolder {
  dir: string;
  /** True when this call made a new, empty data folder (the caller says so on stdout). */
  created: boolean;
  id: string;
}

function markerRead(dir: string): Marker | undefined {
  const file = join(dir, dataMarkerName);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>;
    if (parsed.format === markerFormat && typeof parsed.id === 'string' && parsed.id.length > 0) return parsed as Marker;
  } catch {
    // reported below
  }
  throw new AppError('db-lost', `${file} is damaged; restore the data folder from a backup`);
}

function markerWrite(dir: string): Marker {
  const marker: Marker = { format: markerFormat, id: randomUUID(), createdAt: new Date().toISOString() };
  try {
    writeFileSync(join(dir, dataMarkerName), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
  } catch (err) {
    // Another process (the server and an admin command started together) wrote it first.
    const other = (err as NodeJS.ErrnoException).code === 'EEXIST' ? markerRead(dir) : undefined;
    if (!other) throw err;
    return other;
  }
  return marker;
}

/** The files of the embedded cluster that are missing (empty when it looks whole). */
function clusterMissing(dir: string): string[] {
  return clusterRequired.filter((f) => !existsSync(join(dir, 'pg', f)));
}

function clusterRefuse(dir: string, missing: string[]): never {
  throw new AppError(
    'db-lost',
    `the embedded database in ${join(dir, 'pg')} is incomplete (missing ${missing.join(', ')}); ` +
      'restore the data folder from a backup. The server does not create a new empty database in its place',
    { dir, missing },
  );
}

/**
 * Checks (or, when allowed, creates) the data folder before anything opens it. Refuses with
 * `not-found` (absent without --init), `validation-failed` (not a folder, or someone else's)
 * or `db-lost` (damaged or half-present).
 */
export function dataFolderPrepare(dir: string, options: DataFolderOptions): DataFolder {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (!options.init) {
      throw new AppError('not-found', `data folder ${dir} does not exist; check --data, or add --init to create a new, empty one there`, { dir });
    }
    mkdirSync(dir, { recursive: true });
    return { dir, created: true, id: markerWrite(dir).id };
  }
  if (!isDir) throw new AppError('validation-failed', `data folder ${dir} is not a folder`, { dir });
  const marker = markerRead(dir);
  const entries = readdirSync(dir).filter((e) => !ignorable.has(e));
  if (!marker && entries.length === 0) return { dir, created: true, id: markerWrite(dir).id };
  if (!marker && !ourEntries.some((e) => entries.includes(e))) {
    throw new AppError('validation-failed', `${dir} is not a MotCua data folder (it holds other files); give the right --data, or an empty folder for a new one`, { dir });
  }
  if (options.embedded) {
    if (!existsSync(join(dir, 'pg'))) {
      throw new AppError('db-lost', `data folder ${dir} has no embedded database (pg/ is missing); restore it from a backup, or give --database-url if this folder was used with PostgreSQL`, { dir });
    }
    const missing = clusterMissing(dir);
    if (missing.length > 0) clusterRefuse(dir, missing);
  }
  // A folder from before the identity file: adopt it as it is.
  return { dir, created: false, id: (marker ?? markerWrite(dir)).id };
}

export type DataFolderLoss = 'data-folder-lost';

export interface DataFolderGuard {
  /** Undefined while the folder is the one opened; once lost, stays lost until a restart. */
  check(): DataFolderLoss | undefined;
  close(): void;
}

/**
 * Watches a prepared folder: before each write (and every `intervalMs`, to say so on stderr)
 * it checks the folder is still there, is the same folder (inode) and still holds its database.
 */
export function dataFolderGuard(
  folder: DataFolder,
  options: { embedded: boolean; intervalMs?: number; log?: (line: string) => void },
): DataFolderGuard {
  const opened = statSync(folder.dir);
  let lost: DataFolderLoss | undefined;
  const check = (): DataFolderLoss | undefined => {
    if (lost) return lost;
    try {
      const now = statSync(folder.dir);
      const marker = markerRead(folder.dir);
      const whole = !options.embedded || existsSync(join(folder.dir, 'pg', 'PG_VERSION'));
      if (now.ino === opened.ino && now.dev === opened.dev && marker?.id === folder.id && whole) return undefined;
    } catch {
      // gone or unreadable: lost
    }
    lost = 'data-folder-lost';
    options.log?.(`data folder ${folder.dir} is gone or was replaced while running; writes are refused until the server is restarted on the restored folder`);
    return lost;
  };
  const timer = setInterval(check, options.intervalMs ?? 5000);
  timer.unref();
  return { check, close: () => clearInterval(timer) };
}
