import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

// The one database seam of the server: parameterised SQL in, plain rows out. Two engines sit
// behind it — PGlite (embedded PostgreSQL, so `npm run server` needs nothing installed) and a
// real PostgreSQL through `pg` — and the SQL is the same for both. `pg` returns int8 as
// strings and PGlite as numbers: callers convert sequence numbers with Number() explicitly.

export type Row = Record<string, unknown>;

export interface DbQuery {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Db extends DbQuery {
  readonly kind: 'pglite' | 'pg';
  /** Runs fn inside BEGIN/COMMIT; a throw rolls everything back. */
  transaction<T>(fn: (tx: DbQuery) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel (the live stream fans out across instances this way). */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function dbOpenPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const lite = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await lite.waitReady;
  return {
    kind: 'pglite',
    async query<R extends Row>(sql: string, params: unknown[] = []) {
      return (await lite.query<R>(sql, params)).rows;
    },
    async transaction<T>(fn: (tx: DbQuery) => Promise<T>) {
      return lite.transaction(async (tx) =>
        fn({ query: async <R extends Row>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows }),
      );
    },
    async listen(channel, onPayload) {
      const unlisten = await lite.listen(channel, onPayload);
      return async () => {
        if (!lite.closed) await unlisten();
      };
    },
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

export async function dbOpenPg(connectionString: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client that dies (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    kind: 'pg',
    async query<R extends Row>(sql: string, params: unknown[] = []) {
      return (await pool.query<R>(sql, params)).rows;
    },
    async transaction<T>(fn: (tx: DbQuery) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R extends Row>(sql: string, params: unknown[] = []) => (await client.query<R>(sql, params)).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      const client = await pool.connect();
      const handler = (msg: pg.Notification) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`LISTEN ${channel}`);
      return async () => {
        client.off('notification', handler);
        await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
        client.release();
      };
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
}

/** DATABASE_URL wins; otherwise an embedded PGlite under <dataDir>/pg (in memory when dataDir is undefined). */
export async function dbOpen(options: { databaseUrl?: string | undefined; pgliteDir?: string | undefined }): Promise<Db> {
  if (options.databaseUrl) return dbOpenPg(options.databaseUrl);
  return dbOpenPglite(options.pgliteDir);
}
