// Just enough typing of the PouchDB packages the benchmark uses (they ship no declarations).

declare module 'pouchdb-core' {
  export interface PouchReplicationResult {
    ok: boolean;
    docs_written: number;
    docs_read: number;
  }
  export interface PouchDatabase {
    bulkDocs(docs: Array<Record<string, unknown>>): Promise<Array<{ ok?: boolean; error?: string }>>;
    info(): Promise<{ doc_count: number }>;
    destroy(): Promise<unknown>;
    replicate: {
      to(target: string | PouchDatabase, options?: { batch_size?: number; batches_limit?: number }): Promise<PouchReplicationResult>;
      from(source: string | PouchDatabase, options?: { batch_size?: number; batches_limit?: number }): Promise<PouchReplicationResult>;
    };
  }
  export interface PouchStatic {
    new (name: string, options?: Record<string, unknown>): PouchDatabase;
    plugin(plugin: unknown): PouchStatic;
    defaults(options: Record<string, unknown>): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-mapreduce' {
  const plugin: unknown;
  export default plugin;
}
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  import type { PouchStatic } from 'pouchdb-core';
  function expressPouchdb(pouch: PouchStatic, options?: { mode?: 'minimumForPouchDB' | 'fullCouchDB'; inMemoryConfig?: boolean }): RequestListener;
  export default expressPouchdb;
}
