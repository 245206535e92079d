import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgSchemaOpen } from '../../server/db/testDb.js';
import { syncProtocolVersion } from '../../server/services/syncWire.js';
import { userAdd } from '../../server/services/users.js';
import { eventWire } from '../support/dossierEvents.js';
import { faultProxyStart, type FaultProxy } from './faultProxy.js';
import { dossierReceived, push } from './fileKit.js';
import { streamOpen } from './serverKit.js';
import { serverProcessStart, type ServerProcess } from './serverProcess.js';
import { testLogin } from './serverKit.js';

// PostgreSQL restarts, fails over, or an operator terminates the server's sessions: the server
// process stays up, says unhealthy while the database is away, and once it is back, its live
// streams resume (RESYNC to every open stream, then writes reach them again).
// The server reaches PostgreSQL through a TCP proxy, so the test can keep the database "away"
// (new connections refused) after terminating its sessions, without stopping the shared cluster.

const base = process.env.PG_TEST_URL;
const unit = 'H29.01';

async function health(url: string): Promise<{ status: number; body: { ok: boolean; reason?: string } }> {
  const res = await fetch(`${url}/api/health`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
}

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!base)('the server survives losing its PostgreSQL', () => {
  let proxy: FaultProxy;
  let schema: Awaited<ReturnType<typeof pgSchemaOpen>>;
  let dataDir = '';
  let server: ServerProcess;
  const appName = `motcua_loss_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    const target = new URL(base ?? '');
    proxy = await faultProxyStart(Number(target.port || 5432), 17);
    schema = await pgSchemaOpen(base ?? '');
    const viaProxy = new URL(schema.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.searchParams.set('application_name', appName);
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-dbloss-'));
    server = serverProcessStart(['--port', '0', '--data', dataDir], { DATABASE_URL: viaProxy.toString() });
    await server.ready;
    await userAdd(schema.db, { username: 'lan', password: 'lan-secret-pw', role: 'clerk', units: [unit] });
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await proxy.close();
    await schema.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('stays up through pg_terminate_backend, is unhealthy while the database is away, and its live streams resume', { timeout: 120_000 }, async () => {
    const url = await server.ready;
    const token = (await testLogin(url, 'lan')).accessToken;
    expect(await health(url)).toEqual({ status: 200, body: { ok: true } });
    const abort = new AbortController();
    try {
      const { messages, status } = await streamOpen(`${url}/api/sync/events/stream`, token, abort.signal);
      if (status !== 200) throw new Error(`stream: ${status}`);
      await until('first RESYNC', async () => messages.length, (n) => n >= 1, 5000);

      // The database goes away: its sessions are terminated (57P01) and new ones are refused.
      proxy.down = true;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      const killed = await admin.query<{ pid: number }>(
        'SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity WHERE application_name = $1',
        [appName],
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThanOrEqual(2); // the pool's session(s) and the LISTEN session

      const down = await until('health while away', () => health(url), (h) => h.status === 503, 10_000);
      expect(down.body).toMatchObject({ ok: false, reason: expect.stringMatching(/^database-/) as unknown });
      const pull = await fetch(`${url}/api/sync/events/pull?limit=10`, {
        headers: { authorization: `Bearer ${token}`, 'x-motcua-protocol': String(syncProtocolVersion) },
      });
      expect(pull.status).toBe(503);
      expect(((await pull.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      expect(server.child.exitCode).toBeNull();

      // The database returns.
      const resyncsBefore = messages.length;
      proxy.down = false;
      const back = Date.now();
      await until('health after return', () => health(url), (h) => h.status === 200, 10_000);
      // Every open stream is told to re-pull what it may have missed while the database was away.
      await until('RESYNC on resume', async () => messages.length, (n) => n > resyncsBefore, 10_000 - (Date.now() - back));
      const seen = messages.length;
      const d = dossierReceived(unit);
      const pushed = await push(url, token, 'events', [eventWire(d.received, unit)]);
      expect(pushed.status).toBe(200);
      expect(pushed.body.rejected).toEqual([]);
      await until('RESYNC after a write', async () => messages.length, (n) => n > seen, 10_000 - (Date.now() - back));
      expect(Date.now() - back).toBeLessThan(10_000);
      expect(messages.every((m) => m === '"RESYNC"')).toBe(true);
      expect(server.child.exitCode).toBeNull();
      expect(server.stderr()).toMatch(/LISTEN connection lost/);
    } finally {
      abort.abort();
    }
  });
});
