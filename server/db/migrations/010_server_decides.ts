import type { Migration } from '../migrate.js';

// The provincial server decides (architecture decision 9). Workstations send events only; the
// server keeps, per dossier, the unit it belongs to, its code (unique in the province) and how
// many events it has accepted (the next event's `pos`); the projection it derives is served from
// sync_docs (collection 'dossiers', pull-only). `blob_links` says which units' accepted events
// link a file: only they may read it or learn that it exists.
//
// Rows written by the old protocol are carried over: events re-keyed by their own id with their
// old seq as position, dossiers registered with the unit, code and count they had.
export const migration: Migration = {
  version: 10,
  name: 'server_decides',
  sql: `
    CREATE TABLE server_dossiers (
      dossier_id text PRIMARY KEY,
      unit_code text NOT NULL,
      code text NOT NULL UNIQUE,
      last_pos integer NOT NULL,
      moved_from text[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX server_dossiers_unit ON server_dossiers (unit_code);
    CREATE TABLE blob_links (
      sha256 text NOT NULL,
      unit_code text NOT NULL,
      dossier_id text NOT NULL,
      PRIMARY KEY (sha256, unit_code, dossier_id)
    );
    CREATE INDEX blob_links_dossier ON blob_links (dossier_id);
    UPDATE sync_docs
       SET id = doc->>'eventId',
           doc = (doc - 'eventId' - 'syncState' - 'syncReason')
                 || jsonb_build_object('id', doc->>'eventId', 'pos', (doc->>'seq')::int, 'acceptedAt', to_char(written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
     WHERE collection = 'events' AND doc ? 'eventId';
    INSERT INTO server_dossiers (dossier_id, unit_code, code, last_pos)
      SELECT id, unit_code, doc->>'code', coalesce((doc->>'lastSeq')::int, 0)
        FROM sync_docs WHERE collection = 'dossiers' AND NOT deleted AND doc ? 'code'
      ON CONFLICT DO NOTHING;
    INSERT INTO blob_links (sha256, unit_code, dossier_id)
      SELECT doc->'payload'->>'sha256', unit_code, doc->>'dossierId'
        FROM sync_docs WHERE collection = 'events' AND doc->>'type' = 'file-attached' AND doc->'payload' ? 'sha256'
      ON CONFLICT DO NOTHING;
  `,
};
