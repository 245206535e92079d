import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Subject } from 'rxjs';
import { syncProtocolVersion } from '../../server/services/syncWire.js';

// A Node-side RxDB replica that talks to the server exactly as the renderer will: pull by
// checkpoint, push with assumedMasterState, and an SSE stream feeding pull.stream$.

export interface SyncDocShape {
  id: string;
  unitCode: string;
  updatedAt: string;
  [key: string]: unknown;
}

const docSchema = (extra: Record<string, { type: string; maxLength?: number }>): RxJsonSchema<SyncDocShape> => ({
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 128 },
    unitCode: { type: 'string' },
    updatedAt: { type: 'string' },
    ...extra,
  },
  required: ['id', 'unitCode', 'updatedAt'],
});

const schemas = {
  dossiers: docSchema({ code: { type: 'string' }, status: { type: 'string' }, note: { type: 'string' } }),
  events: docSchema({ dossierId: { type: 'string' }, type: { type: 'string' }, at: { type: 'string' } }),
};
type Name = keyof typeof schemas;

export interface RxTestClient {
  db: RxDatabase;
  collections: Record<Name, RxCollection<SyncDocShape>>;
  replications: Array<RxReplicationState<SyncDocShape, { seq: number }>>;
  rejected: unknown[];
  errors: number;
  close(): Promise<void>;
}

let dbNo = 0;

export async function rxClientStart(baseUrl: string, token: string): Promise<RxTestClient> {
  dbNo += 1;
  const db = await createRxDatabase({ name: `client${dbNo}x${process.pid}`, storage: getRxStorageMemory(), multiInstance: false });
  const added = await db.addCollections({ dossiers: { schema: schemas.dossiers }, events: { schema: schemas.events } });
  const headers = { authorization: `Bearer ${token}`, 'x-motcua-protocol': String(syncProtocolVersion) };
  const controller = new AbortController();
  const client: RxTestClient = {
    db,
    collections: added as Record<Name, RxCollection<SyncDocShape>>,
    replications: [],
    rejected: [],
    errors: 0,
    async close() {
      controller.abort();
      await Promise.all(client.replications.map((r) => r.cancel()));
      await db.close();
    },
  };
  for (const name of Object.keys(schemas) as Name[]) {
    const stream$ = new Subject<'RESYNC'>();
    void sseFollow(`${baseUrl}/api/sync/${name}/stream`, headers, controller.signal, () => stream$.next('RESYNC'));
    const replication = replicateRxCollection<SyncDocShape, { seq: number }>({
      collection: client.collections[name],
      replicationIdentifier: `motcua-${name}-${baseUrl}`,
      live: true,
      retryTime: 150,
      waitForLeadership: false,
      pull: {
        batchSize: 50,
        stream$: stream$.asObservable(),
        async handler(checkpoint, batchSize) {
          const q = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint ?? null))}&limit=${batchSize}`;
          const res = await fetch(`${baseUrl}/api/sync/${name}/pull?${q}`, { headers, signal: AbortSignal.timeout(5000) });
          if (!res.ok) throw new Error(`pull ${res.status}`);
          return (await res.json()) as { documents: WithDeleted<SyncDocShape>[]; checkpoint: { seq: number } };
        },
      },
      push: {
        batchSize: 50,
        async handler(rows) {
          const res = await fetch(`${baseUrl}/api/sync/${name}/push`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(rows),
            signal: AbortSignal.timeout(5000),
          });
          if (!res.ok) throw new Error(`push ${res.status}`);
          const body = (await res.json()) as { conflicts: WithDeleted<SyncDocShape>[]; rejected: unknown[] };
          client.rejected.push(...body.rejected);
          return body.conflicts;
        },
      },
    });
    replication.error$.subscribe(() => {
      client.errors += 1;
    });
    client.replications.push(replication);
  }
  return client;
}

/** Follows an SSE stream, reconnecting after any failure; every RESYNC message calls onResync. */
async function sseFollow(url: string, headers: Record<string, string>, signal: AbortSignal, onResync: () => void): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await fetch(url, { headers, signal });
      if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (message.startsWith('data: ') && message.includes('RESYNC')) onResync();
        }
      }
    } catch {
      // dropped: reconnect below
    }
    if (!signal.aborted) await new Promise((r) => setTimeout(r, 100));
  }
}
