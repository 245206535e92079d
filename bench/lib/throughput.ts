import { userAdd } from '../../server/services/users.js';
import { benchReceivedMany } from './benchEvents.js';
import { benchLogin, benchServerStart, secondsSince, type Engine } from './server.js';

// Replication throughput of the server: push N dossiers' `received` events in batches (as RxDB does, one batch at
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

export async function throughputRun(engine: Engine, pgUrl: string | undefined, o: ThroughputOptions): Promise<ThroughputResult> {
  const bench = await benchServerStart(engine, pgUrl);
  try {
    await userAdd(bench.server.db, { username: 'bench', password: 'bench-password', role: 'clerk', units: ['H05.01'] });
    const headers = await benchLogin(bench.url, 'bench', 'bench-password');
    const docs = benchReceivedMany(o.total);
    const pushAll = async () => {
      const t0 = performance.now();
      for (let i = 0; i < docs.length; i += o.pushBatch) {
        const rows = docs.slice(i, i + o.pushBatch).map((d) => ({ newDocumentState: d }));
        const res = await fetch(`${bench.url}/api/sync/events/push`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(rows),
        });
        const body = (await res.json()) as { conflicts: unknown[]; rejected: unknown[] };
        if (!res.ok || body.rejected.length > 0 || body.conflicts.length > 0) throw new Error(`push failed: ${res.status} ${JSON.stringify(body.rejected[0] ?? '')}`);
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
      const res = await fetch(`${bench.url}/api/sync/events/pull?${q}`, { headers });
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
