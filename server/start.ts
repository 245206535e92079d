import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/contract/errors.js';
import { appBuild } from './app.js';
import { tokenSecretLoad, type ServerConfig } from './config.js';
import { dataDirLock } from './dataLock.js';
import { dataFolderGuard, dataFolderPrepare, type DataFolder } from './dataFolder.js';
import { dbOpen, type Db } from './db/db.js';
import { migrateUp } from './db/migrate.js';
import { blobStoreFs, blobStoreS3 } from './services/blobStore.js';

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  db: Db;
  /** This start made a new, empty data folder (see `ServerStartOptions.notice`). */
  dataFolderCreated: boolean;
  close(): Promise<void>;
}

export interface ServerStartOptions {
  nowMs?: () => number;
  /** Where the running server reports database and data-folder trouble (default: stderr). */
  log?: (line: string) => void;
  /** Told the moment a new data folder is made (entry points print it on stdout). */
  notice?: (line: string) => void;
}

const stderrLog = (line: string) => void process.stderr.write(`MotCua server: ${line}\n`);

/** The line entry points print when a data folder was just made. */
export function dataFolderCreatedLine(dir: string): string {
  return `MotCua server: new data folder created at ${dir}`;
}

interface Storage {
  folder: DataFolder;
  db: Db;
  unlock: () => void;
}

/** Checks the data folder, locks it (PGlite), opens the database and migrates it. */
async function storageOpen(config: ServerConfig, log: (line: string) => void, notice?: (line: string) => void): Promise<Storage> {
  const embedded = !config.databaseUrl;
  const folder = dataFolderPrepare(config.dataDir, { embedded, init: config.init === true });
  if (folder.created) notice?.(dataFolderCreatedLine(folder.dir));
  const unlock = embedded ? dataDirLock(config.dataDir) : () => undefined;
  let db: Db;
  try {
    db = await dbOpen({ databaseUrl: config.databaseUrl, pgliteDir: join(config.dataDir, 'pg'), log });
  } catch (err) {
    unlock();
    if (!embedded || err instanceof AppError) throw err;
    const cause = err instanceof Error ? err.message : String(err);
    throw new AppError('db-lost', `cannot open the embedded database in ${join(config.dataDir, 'pg')} (${cause}); restore the data folder from a backup`);
  }
  try {
    await migrateUp(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    unlock();
    throw err;
  }
  return { folder, db, unlock };
}

function listenError(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new AppError('device-busy', `port ${port} on ${host} is already in use (another server running?); stop it or choose another --port`, { port, host });
  }
  if (code === 'EACCES') return new AppError('forbidden', `not allowed to listen on port ${port} on ${host}; choose a port above 1023 or run with the right privileges`, { port, host });
  if (code === 'EADDRNOTAVAIL') return new AppError('validation-failed', `--host ${host} is not an address of this machine`, { host });
  return err;
}

/**
 * Tries the port before the slow part of the start (PGlite takes tens of seconds on a busy
 * machine): a taken port is reported at once and no data folder is made for nothing. The real
 * listen below still reports a port taken in between.
 */
async function portProbe(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (err) {
    throw listenError(err, host, port);
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/** Opens storage, migrates, listens. Used by `npm run server`, `motcua server` and the tests. */
export async function serverStart(
  config: ServerConfig,
  env: Record<string, string | undefined>,
  options: ServerStartOptions = {},
): Promise<RunningServer> {
  const log = options.log ?? stderrLog;
  await portProbe(config.host, config.port);
  const { folder, db, unlock } = await storageOpen(config, log, options.notice);
  const guard = dataFolderGuard(folder, { embedded: !config.databaseUrl, log });
  let app: FastifyInstance | undefined;
  try {
    const tusDir = join(config.dataDir, 'blobs', 'tus');
    await mkdir(tusDir, { recursive: true });
    app = await appBuild({
      db,
      blobs: config.s3 ? blobStoreS3(config.s3) : blobStoreFs(join(config.dataDir, 'blobs')),
      tusDir,
      trustProxy: config.trustProxy,
      dataGuard: guard,
      auth: {
        secret: tokenSecretLoad(config.dataDir, env),
        accessTtlSec: config.accessTtlSec,
        refreshTtlSec: config.refreshTtlSec,
        freeFailures: 5,
        maxBackoffSec: 15 * 60,
        nowMs: options.nowMs ?? Date.now,
      },
      ...(config.tls ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
    });
    await app.listen({ host: config.host, port: config.port }).catch((err: unknown) => {
      throw listenError(err, config.host, config.port);
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const running = app;
    let closing: Promise<void> | undefined;
    return {
      url: `${config.tls ? 'https' : 'http'}://${host}:${port}`,
      port,
      app,
      db,
      dataFolderCreated: folder.created,
      close() {
        closing ??= (async () => {
          guard.close();
          await running.close();
          await db.close();
          unlock();
        })();
        return closing;
      },
    };
  } catch (err) {
    // The app holds the LISTEN session: close it first, or closing the database waits forever.
    if (app) await app.close().catch(() => undefined);
    guard.close();
    await db.close().catch(() => undefined);
    unlock();
    throw err;
  }
}

/** Opens the database of a data folder for an admin command (same checks and lock as the server). */
export async function serverDbOpen(
  config: ServerConfig,
  options: { notice?: (line: string) => void } = {},
): Promise<{ db: Db; created: boolean; close: () => Promise<void> }> {
  const { folder, db, unlock } = await storageOpen(config, stderrLog, options.notice);
  return {
    db,
    created: folder.created,
    async close() {
      await db.close();
      unlock();
    },
  };
}
