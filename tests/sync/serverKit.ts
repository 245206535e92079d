import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverConfigParse } from '../../server/config.js';
import { pgSchemaOpen } from '../../server/db/testDb.js';
import { serverStart, type RunningServer } from '../../server/start.js';
import { syncProtocolVersion } from '../../server/services/syncWire.js';
import { userAdd } from '../../server/services/users.js';

// Test helpers: a real server on port 0 over a temp data folder, on PGlite or (when
// PG_TEST_URL is set) a fresh PostgreSQL schema; plus a tiny HTTP client.

export const serverEngines: Array<'pglite' | 'pg'> = process.env.PG_TEST_URL ? ['pglite', 'pg'] : ['pglite'];

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  /** Stops and starts the server on the same port and storage (a crash-free restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function testServerStart(
  engine: 'pglite' | 'pg',
  options: { nowMs?: () => number; accessTtlSec?: number } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-server-'));
  const pg = engine === 'pg' && process.env.PG_TEST_URL ? await pgSchemaOpen(process.env.PG_TEST_URL) : undefined;
  if (pg) await pg.db.close();
  const argv = ['--port', '0', '--data', dataDir, ...(pg ? ['--database-url', pg.url] : [])];
  if (options.accessTtlSec !== undefined) argv.push('--access-ttl', String(options.accessTtlSec));
  const config = serverConfigParse(argv, {}, process.cwd());
  const start = (port: number) => serverStart({ ...config, port }, {}, options.nowMs ? { nowMs: options.nowMs } : {});
  const kit: TestServer = {
    server: await start(0),
    dataDir,
    async restart() {
      const port = kit.server.port;
      await kit.server.close();
      kit.server = await start(port);
    },
    async stop() {
      await kit.server.close();
    },
    async cleanup() {
      await kit.server.close().catch(() => undefined);
      if (pg) await pg.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return kit;
}

export async function testUserAdd(kit: TestServer, username: string, role: string, units: string[]): Promise<void> {
  await userAdd(kit.server.db, { username, password: `${username}-secret-pw`, role, units });
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; protocol?: number | null } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.protocol !== null) headers['x-motcua-protocol'] = String(options.protocol ?? syncProtocolVersion);
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export async function testLogin(base: string, username: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await api<{ accessToken: string; refreshToken: string }>(base, 'POST', '/api/auth/login', {
    body: { username, password: `${username}-secret-pw` },
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let counter = 0;
export function dossierDoc(unitCode: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    id: `d-${unitCode}-${process.pid}-${counter}`,
    unitCode,
    updatedAt: new Date().toISOString(),
    _deleted: false,
    code: `${unitCode}-261130-${String(counter).padStart(4, '0')}`,
    ...extra,
  };
}

/** An open live stream (`/api/sync/<c>/stream`); `messages` fills as the server writes. */
export async function streamOpen(url: string, token: string, signal: AbortSignal): Promise<{ messages: string[]; status: number }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'x-motcua-protocol': String(syncProtocolVersion) }, signal });
  const messages: string[] = [];
  if (res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const line of decoder.decode(value).split('\n')) if (line.startsWith('data: ')) messages.push(line.slice(6));
        }
      } catch {
        // aborted
      }
    })();
  }
  return { messages, status: res.status };
}
