import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverConfigParse } from '../server/config.js';
import { pgSchemaOpen } from '../server/db/testDb.js';
import { serverStart } from '../server/start.js';
import { syncProtocolVersion } from '../server/services/syncWire.js';
import { userAdd } from '../server/services/users.js';

// Replication throughput of the server: push N dossiers in batches (as RxDB does, one batch at
// a time), push them again (the idempotent retry path), then pull them all by checkpoint.
// Prints figures; never pass/fail. PostgreSQL too when PG_TEST_URL (or BENCH_PG_URL) is set.

const total = Number(process.env.BENCH_DOCS ?? 10_000);
const pushBatch = Number(process.env.BENCH_PUSH_BATCH ?? 100);
const pullBatch = Number(process.env.BENCH_PULL_BATCH ?? 500);

function dossiers(): Array<Record<string, unknown>> {
  return Array.from({ length: total }, (_, i) => ({
    id: `bench-${i}`,
    unitCode: 'H05.01',
    updatedAt: new Date(Date.UTC(2026, 10, 30, 1, 0, 0, i)).toISOString(),
    _deleted: false,
    code: `H05.01-261130-${String((i % 9999) + 1).padStart(4, '0')}`,
    status: 'received',
    applicant: { name: `Nguyễn Văn ${i}`, address: `Thôn ${i % 50}, xã Một Cửa` },
    procedure: { code: '1.001234', name: 'Đăng ký khai sinh', durationValue: 3, durationUnit: 'workingDays' },
  }));
}

async function bench(engine: 'pglite' | 'pg', pgUrl: string | undefined): Promise<Record<string, string | number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-bench-'));
  const pg = engine === 'pg' && pgUrl ? await pgSchemaOpen(pgUrl) : undefined;
  if (pg) await pg.db.close();
  const config = serverConfigParse(['--port', '0', '--data', dataDir, ...(pg ? ['--database-url', pg.url] : [])], {}, process.cwd());
  const server = await serverStart(config, {});
  try {
    await userAdd(server.db, { username: 'bench', password: 'bench-password', role: 'clerk', units: ['H05.01'] });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-motcua-protocol': String(syncProtocolVersion) },
      body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}`, 'x-motcua-protocol': String(syncProtocolVersion) };
    const docs = dossiers();
    const pushAll = async () => {
      const t0 = performance.now();
      for (let i = 0; i < docs.length; i += pushBatch) {
        const rows = docs.slice(i, i + pushBatch).map((d) => ({ newDocumentState: d }));
        const res = await fetch(`${server.url}/api/sync/dossiers/push`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(rows),
        });
        const body = (await res.json()) as { conflicts: unknown[]; rejected: unknown[] };
        if (!res.ok || body.rejected.length > 0 || body.conflicts.length > 0) throw new Error(`push failed: ${res.status}`);
      }
      return (performance.now() - t0) / 1000;
    };
    const pushSec = await pushAll();
    const repushSec = await pushAll();
    const t0 = performance.now();
    let checkpoint: unknown = null;
    let pulled = 0;
    for (;;) {
      const q = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=${pullBatch}`;
      const res = await fetch(`${server.url}/api/sync/dossiers/pull?${q}`, { headers });
      const body = (await res.json()) as { documents: unknown[]; checkpoint: unknown };
      if (body.documents.length === 0) break;
      pulled += body.documents.length;
      checkpoint = body.checkpoint;
    }
    const pullSec = (performance.now() - t0) / 1000;
    if (pulled !== total) throw new Error(`pulled ${pulled} of ${total}`);
    const rate = (sec: number) => Math.round(total / sec);
    return {
      engine: engine === 'pg' ? 'PostgreSQL 15 (pg)' : 'PGlite',
      'push s': pushSec.toFixed(2),
      'push docs/s': rate(pushSec),
      're-push s': repushSec.toFixed(2),
      're-push docs/s': rate(repushSec),
      'pull s': pullSec.toFixed(2),
      'pull docs/s': rate(pullSec),
    };
  } finally {
    await server.close();
    if (pg) await pg.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const pgUrl = process.env.BENCH_PG_URL ?? process.env.PG_TEST_URL;
const results = [await bench('pglite', undefined)];
if (pgUrl) results.push(await bench('pg', pgUrl));
else console.log('(set PG_TEST_URL or BENCH_PG_URL to include PostgreSQL)');
console.log(`${total} dossiers, push batches of ${pushBatch}, pull batches of ${pullBatch}; ${cpus().length} cores, Node ${process.versions.node}`);
console.table(results);
