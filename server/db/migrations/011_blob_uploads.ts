import type { Migration } from '../migrate.js';

// Who may read a blob, and whose bundle key the server trusts (issue 17).
//
// `blob_uploads`: one row per tus upload, written when the upload is created (its declared size
// counts against the uploader's daily quota from then on) and marked finished when the bytes hashed
// right. A unit's link to a blob (blob_links, from an accepted `file-attached` event) lets it read
// the blob only once someone of that unit (or of a unit the dossier was moved away from) has
// uploaded those bytes: naming a hash is not holding the file. Blobs linked before this migration
// were uploaded under the old rules and are carried over as uploaded by their linking units.
//
// `workstation_enrolments`: a workstation asks to be enrolled for one unit with its bundle-signing
// key; an admin of that unit approves it. `bundle_workstations` (keys provincial IT registers) and
// `bundle_imports` were created on first use by server/bundle/trustStore.ts; they are folded in here
// (IF NOT EXISTS: a server that already made them keeps their rows).
export const migration: Migration = {
  version: 11,
  name: 'blob_uploads',
  sql: `
    CREATE TABLE blob_uploads (
      upload_id text PRIMARY KEY,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      username text NOT NULL,
      unit_codes text[] NOT NULL,
      bytes bigint NOT NULL CHECK (bytes >= 0),
      uploaded_at timestamptz NOT NULL,
      finished_at timestamptz
    );
    CREATE INDEX blob_uploads_user ON blob_uploads (username, uploaded_at);
    CREATE INDEX blob_uploads_sha ON blob_uploads (sha256);
    INSERT INTO blob_uploads (upload_id, sha256, username, unit_codes, bytes, uploaded_at, finished_at)
      SELECT 'migrated:' || l.sha256, l.sha256, '(migration 011)', array_agg(DISTINCT l.unit_code), max(b.size), now(), now()
        FROM blob_links l JOIN blobs b ON b.sha256 = l.sha256
       GROUP BY l.sha256;
    CREATE TABLE workstation_enrolments (
      workstation_id text PRIMARY KEY,
      name text NOT NULL,
      unit_code text NOT NULL,
      public_key text NOT NULL,
      key_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'approved')),
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      approved_by text,
      approved_at timestamptz
    );
    CREATE INDEX workstation_enrolments_unit ON workstation_enrolments (unit_code, status);
    CREATE TABLE IF NOT EXISTS bundle_workstations (
      workstation_id text PRIMARY KEY, public_key text NOT NULL, key_id text NOT NULL,
      units text[], trusted_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS bundle_imports (
      bundle_id text PRIMARY KEY, workstation_id text NOT NULL, created_at text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(), summary jsonb NOT NULL
    );
  `,
};
