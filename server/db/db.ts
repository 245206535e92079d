import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgListenerStart, type ListenerBackoff, type PgListener } from './pgListener.js';

// The one database seam of the server: parameterised SQL in, plain rows out. Two engines sit
// behind it — PGlite (embedded PostgreSQL, so `npm run server` needs nothing installed) and a
// real PostgreSQL through `pg` — and the SQL is the same for both. `pg` returns int8 as
// strings and PGlite as numbers: callers convert sequence numbers with Number() explicitly.

export type Row = Record<string, unknown>;

export interface DbQuery {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
}

export type DbHealth = { ok: true } | { ok: false; reason: 'database-unreachable' | 'database-listen-down' };

export interface Db extends DbQuery {
  readonly kind: 'pglite' | 'pg';
  /** Runs fn inside BEGIN/COMMIT; a throw rolls everything back. */
  transaction<T>(fn: (tx: DbQuery) => Promise<T>): Promise<T>;
  /**
   * Subscribes to a NOTIFY channel (the live stream fans out across instances this way).
   * `onResume` runs after the LISTEN session came back from a connection loss: notifications
   * sent meanwhile are gone, so the subscriber must assume it missed some.
   */
  listen(channel: string, onPayload: (payload: string) => void, onResume?: () => void): Promise<() => Promise<void>>;
  /** Whether queries and the LISTEN session work right now (for `GET /api/health`). */
  health(): Promise<DbHealth>;
  close(): Promise<void>;
}

export interface PgOptions {
  /** Where connection losses and recoveries are reported (one line each). */
  log?: (line: string) => void;
  listenBackoff?: ListenerBackoff;
  /** How long a health probe may take before the database counts as unreachable. */
  healthTimeoutMs?: number;
}

// PostgreSQL error classes that mean "the database went away", not "the query was wrong":
// 08 connection exception, 57P01..57P03 shutdown / cannot connect now; plus socket errors.
const unreachableNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when `err` says the database cannot be reached (answer 503 and let the client retry). */
export function dbUnreachableIs(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code) || unreachableNodeCodes.has(code))) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /^Connection terminated|timeout exceeded when trying to connect/.test(message);
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
    async health() {
      await lite.query('SELECT 1');
      return { ok: true } as const;
    },
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

export async function dbOpenPg(connectionString: string, options: PgOptions = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 10_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
  // An idle client that dies (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  // Opened by the first listen(), so a database used without live streams costs no extra session.
  let listener: Promise<PgListener> | undefined;
  const listenerOpen = () =>
    (listener ??= pgListenerStart(connectionString, {
      ...(options.log ? { log: options.log } : {}),
      ...(options.listenBackoff ? { backoff: options.listenBackoff } : {}),
    }).catch((err: unknown) => {
      listener = undefined;
      throw err;
    }));
  const healthTimeoutMs = options.healthTimeoutMs ?? 3000;
  return {
    kind: 'pg',
    async query<R extends Row>(sql: string, params: unknown[] = []) {
      return (await pool.query<R>(sql, params)).rows;
    },
    async transaction<T>(fn: (tx: DbQuery) => Promise<T>) {
      const client = await pool.connect();
      // A checked-out client has no error listener of the pool's: a session terminated between
      // two statements would otherwise be an unhandled 'error' event that ends the process.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R extends Row>(sql: string, params: unknown[] = []) => (await client.query<R>(sql, params)).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (!broken && dbUnreachableIs(err)) broken = err instanceof Error ? err : new Error(String(err));
        if (!broken) await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        // A broken session is thrown away instead of going back to the pool.
        client.release(broken);
      }
    },
    async listen(channel, onPayload, onResume) {
      const session = await listenerOpen();
      const remove = await session.add(channel, onPayload);
      const unresume = onResume ? session.onResume(onResume) : () => undefined;
      return async () => {
        unresume();
        await remove();
      };
    },
    async health() {
      let timer: NodeJS.Timeout | undefined;
      const probe = pool.query('SELECT 1').then(() => true, () => false);
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), healthTimeoutMs);
      });
      const reachable = await Promise.race([probe, late]);
      clearTimeout(timer);
      if (!reachable) return { ok: false, reason: 'database-unreachable' } as const;
      const listening = listener ? await listener.then((l) => l.connected(), () => false) : true;
      return listening ? ({ ok: true } as const) : ({ ok: false, reason: 'database-listen-down' } as const);
    },
    async close() {
      if (listener) await (await listener.catch(() => undefined))?.close();
      if (!pool.ended) await pool.end();
    },
  };
}

/** DATABASE_URL wins; otherwise an embedded PGlite under <dataDir>/pg (in memory when dataDir is undefined). */
export async function dbOpen(options: { databaseUrl?: string | undefined; pgliteDir?: string | undefined; log?: (line: string) => void }): Promise<Db> {
  if (options.databaseUrl) return dbOpenPg(options.databaseUrl, options.log ? { log: options.log } : {});
  return dbOpenPglite(options.pgliteDir);
}
