import type { Migration } from '../migrate.js';

// Replicated documents of every collection. `seq` is the server-assigned checkpoint: each
// write takes nextval(), so pulls never depend on client clocks. Pushes to a collection are
// serialised with an advisory lock, which makes commit order equal seq order and stops a
// slow transaction from committing a lower seq behind a reader's checkpoint.
export const migration: Migration = {
  version: 2,
  name: 'sync',
  sql: `
    CREATE SEQUENCE sync_seq;
    CREATE TABLE sync_docs (
      collection text NOT NULL,
      id text NOT NULL,
      unit_code text NOT NULL,
      doc jsonb NOT NULL,
      deleted boolean NOT NULL DEFAULT false,
      seq bigint NOT NULL DEFAULT nextval('sync_seq'),
      written_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (collection, id)
    );
    CREATE INDEX sync_docs_pull ON sync_docs (collection, seq);
    CREATE INDEX sync_docs_unit ON sync_docs (collection, unit_code, seq);
  `,
};
