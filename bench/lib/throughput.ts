import { userAdd } from '../../server/services/users.js';
import { benchLogin, benchServerStart, secondsSince, type Engine } from './server.js';

// Replication throughput of the server: push N dossiers in batches (as RxDB does, one batch at
// a time), push them again (the idempotent retry path), then pull them all by checkpoint.

export interface ThroughputOptions {
  total: number;
  pushBatch: number;
  pullBatch: number;
}

export interface ThroughputResult {
  engine: string;
  pushSec: number;
  repushSec: number;
  pullSec: number;
}

export type BenchDoc = Record<string, unknown> & { id: string };

export function benchDossiers(total: number, unitCode = 'H05.01'): BenchDoc[] {
  return Array.from({ length: total }, (_, i) => ({
    id: `bench-${i}`,
    unitCode,
    updatedAt: new Date(Date.UTC(2026, 10, 30, 1, 0, 0, i)).toISOString(),
    _deleted: false,
    code: `${unitCode}-261130-${String((i % 9999) + 1).padStart(4, '0')}`,
    status: 'received',
    applicant: { name: `Nguyễn Văn ${i}`, address: `Thôn ${i % 50}, xã Một Cửa` },
    procedure: { code: '1.001234', name: 'Đăng ký khai sinh', durationValue: 3, durationUnit: 'workingDays' },
  }));
}

export async function throughputRun(engine: Engine, pgUrl: string | undefined, o: ThroughputOptions): Promise<ThroughputResult> {
  const bench = await benchServerStart(engine, pgUrl);
  try {
    await userAdd(bench.server.db, { username: 'bench', password: 'bench-password', role: 'clerk', units: ['H05.01'] });
    const headers = await benchLogin(bench.url, 'bench', 'bench-password');
    const docs = benchDossiers(o.total);
    const pushAll = async () => {
      const t0 = performance.now();
      for (let i = 0; i < docs.length; i += o.pushBatch) {
        const rows = docs.slice(i, i + o.pushBatch).map((d) => ({ newDocumentState: d }));
        const res = await fetch(`${bench.url}/api/sync/dossiers/push`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(rows),
        });
        const body = (await res.json()) as { conflicts: unknown[]; rejected: unknown[] };
        if (!res.ok || body.rejected.length > 0 || body.conflicts.length > 0) throw new Error(`push failed: ${res.status}`);
      }
      return secondsSince(t0);
    };
    const pushSec = await pushAll();
    const repushSec = await pushAll();
    const t0 = performance.now();
    let checkpoint: unknown = null;
    let pulled = 0;
    for (;;) {
      const q = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=${o.pullBatch}`;
      const res = await fetch(`${bench.url}/api/sync/dossiers/pull?${q}`, { headers });
      const body = (await res.json()) as { documents: unknown[]; checkpoint: unknown };
      if (body.documents.length === 0) break;
      pulled += body.documents.length;
      checkpoint = body.checkpoint;
    }
    const pullSec = secondsSince(t0);
    if (pulled !== o.total) throw new Error(`pulled ${pulled} of ${o.total}`);
    return { engine: bench.engineName, pushSec, repushSec, pullSec };
  } finally {
    await bench.close();
  }
}
