import type { Migration } from '../migrate.js';

// Blobs present in the store, by SHA-256. Which unit may read a blob is decided by the
// `files` collection metadata, not here, so a blob may arrive before or after its record.
export const migration: Migration = {
  version: 3,
  name: 'files',
  sql: `
    CREATE TABLE blobs (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now()
    );
  `,
};
