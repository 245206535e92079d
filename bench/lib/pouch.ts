import { createServer, type Server } from 'node:http';
import expressPouchdb from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import memoryAdapter from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';
import type { BenchDoc } from './benchEvents.js';
import { secondsSince } from './server.js';

// The stack offline-first field apps use today, for comparison: PouchDB replicating to a
// CouchDB-protocol server (express-pouchdb) on 127.0.0.1, both sides in memory (memdown), so
// the server does less than ours, which writes durably to PostgreSQL. Same documents, same
// batch sizes: push = local → server, pull = server → a fresh local database.

const Pouch = PouchDB.plugin(memoryAdapter).plugin(httpAdapter).plugin(replication).plugin(mapreduce);
const MemPouch = Pouch.defaults({ adapter: 'memory' });

export interface PouchResult {
  pushSec: number;
  pullSec: number;
}

export async function pouchRun(docs: BenchDoc[], pushBatch: number, pullBatch: number): Promise<PouchResult> {
  const server: Server = createServer(expressPouchdb(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const remote = `http://127.0.0.1:${port}/bench-${process.pid}`;
  const local = new MemPouch(`local-${process.pid}`);
  const fresh = new MemPouch(`fresh-${process.pid}`);
  try {
    for (let i = 0; i < docs.length; i += 1000) {
      await local.bulkDocs(docs.slice(i, i + 1000).map(({ id, ...rest }) => ({ _id: id, ...rest })));
    }
    let t0 = performance.now();
    const pushed = await local.replicate.to(remote, { batch_size: pushBatch });
    const pushSec = secondsSince(t0);
    if (pushed.docs_written !== docs.length) throw new Error(`PouchDB pushed ${pushed.docs_written} of ${docs.length}`);
    t0 = performance.now();
    const pulled = await fresh.replicate.from(remote, { batch_size: pullBatch });
    const pullSec = secondsSince(t0);
    if (pulled.docs_written !== docs.length) throw new Error(`PouchDB pulled ${pulled.docs_written} of ${docs.length}`);
    return { pushSec, pullSec };
  } finally {
    await local.destroy();
    await fresh.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
