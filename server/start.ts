import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { appBuild } from './app.js';
import { tokenSecretLoad, type ServerConfig } from './config.js';
import { dataDirLock } from './dataLock.js';
import { dbOpen, type Db } from './db/db.js';
import { migrateUp } from './db/migrate.js';
import { blobStoreFs, blobStoreS3 } from './services/blobStore.js';

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

/** Opens storage, migrates, listens. Used by `npm run server`, `motcua server` and the tests. */
export async function serverStart(
  config: ServerConfig,
  env: Record<string, string | undefined>,
  options: { nowMs?: () => number } = {},
): Promise<RunningServer> {
  await mkdir(config.dataDir, { recursive: true });
  const unlock = config.databaseUrl ? () => undefined : dataDirLock(config.dataDir);
  let db: Db;
  try {
    db = await dbOpen({ databaseUrl: config.databaseUrl, pgliteDir: join(config.dataDir, 'pg') });
  } catch (err) {
    unlock();
    throw err;
  }
  try {
    await migrateUp(db);
    const tusDir = join(config.dataDir, 'blobs', 'tus');
    await mkdir(tusDir, { recursive: true });
    const app = await appBuild({
      db,
      blobs: config.s3 ? blobStoreS3(config.s3) : blobStoreFs(join(config.dataDir, 'blobs')),
      tusDir,
      trustProxy: config.trustProxy,
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
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    let closing: Promise<void> | undefined;
    return {
      url: `${config.tls ? 'https' : 'http'}://${host}:${port}`,
      port,
      app,
      db,
      close() {
        closing ??= (async () => {
          await app.close();
          await db.close();
          unlock();
        })();
        return closing;
      },
    };
  } catch (err) {
    await db.close();
    unlock();
    throw err;
  }
}

/** Opens the database of a data folder for an admin command (taking the same lock as the server). */
export async function serverDbOpen(config: ServerConfig): Promise<{ db: Db; close: () => Promise<void> }> {
  await mkdir(config.dataDir, { recursive: true });
  const unlock = config.databaseUrl ? () => undefined : dataDirLock(config.dataDir);
  try {
    const db = await dbOpen({ databaseUrl: config.databaseUrl, pgliteDir: join(config.dataDir, 'pg') });
    await migrateUp(db);
    return {
      db,
      async close() {
        await db.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
