import type { Migration } from '../migrate.js';

// Downloads look a blob's owner up through the `files` records that name its hash.
export const migration: Migration = {
  version: 6,
  name: 'files_index',
  sql: `CREATE INDEX sync_docs_files_sha ON sync_docs ((doc->>'sha256')) WHERE collection = 'files';`,
};
