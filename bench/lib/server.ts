import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverConfigParse } from '../../server/config.js';
import { pgSchemaOpen } from '../../server/db/testDb.js';
import { serverStart, type RunningServer } from '../../server/start.js';
import { syncProtocolVersion } from '../../server/services/syncWire.js';

// The benchmarks' server: the real one, started in-process on port 0 over a temp data folder,
// on PGlite or on a fresh schema of a real PostgreSQL (same helper as the tests).

export type Engine = 'pglite' | 'pg';

export interface BenchServer {
  server: RunningServer;
  url: string;
  engineName: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function benchServerStart(engine: Engine, pgUrl: string | undefined): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-bench-'));
  const pg = engine === 'pg' && pgUrl ? await pgSchemaOpen(pgUrl) : undefined;
  if (pg) await pg.db.close();
  const config = serverConfigParse(['--port', '0', '--data', dataDir, ...(pg ? ['--database-url', pg.url] : [])], {}, process.cwd());
  const server = await serverStart(config, {});
  return {
    server,
    url: server.url,
    engineName: pg ? 'PostgreSQL (pg)' : 'PGlite',
    dataDir,
    async close() {
      await server.close();
      if (pg) await pg.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const protocolHeader = { 'x-motcua-protocol': String(syncProtocolVersion) };

/** Logs in and returns the headers of an authenticated JSON request. */
export async function benchLogin(url: string, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...protocolHeader },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, ...protocolHeader };
}

/** Seconds since `t0` (a performance.now() reading). */
export function secondsSince(t0: number): number {
  return (performance.now() - t0) / 1000;
}
