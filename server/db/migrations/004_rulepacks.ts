import type { Migration } from '../migrate.js';

// Rule packs (procedure catalogue, calendars, agency directory…) as versioned JSON documents.
// `rev` orders them for `GET /api/rulepacks?since=`; (kind, version) is the pack's own identity.
export const migration: Migration = {
  version: 4,
  name: 'rulepacks',
  sql: `
    CREATE TABLE rule_packs (
      rev bigserial PRIMARY KEY,
      kind text NOT NULL,
      version text NOT NULL,
      effective_from date NOT NULL,
      body jsonb NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (kind, version)
    );
  `,
};
