import type { Migration } from '../migrate.js';

// Login back-off that holds under parallel requests (issue 17). Every attempt is reserved here,
// counted as a failure, by one atomic upsert BEFORE its password is checked; a gate keyed by
// user name ('name:…') or client address ('addr:…') lets no attempt through before `next_at`.
// The old per name+address counters (read, then written after the check) are dropped: they are
// transient, and their keys mean nothing to the new gate.
export const migration: Migration = {
  version: 9,
  name: 'login_attempts',
  sql: `
    DROP TABLE login_failures;
    CREATE TABLE login_attempts (
      key text PRIMARY KEY,
      -- Attempts counted since the last success (name) or since window_start (address).
      failures integer NOT NULL CHECK (failures >= 0),
      window_start timestamptz NOT NULL,
      -- No attempt for this key passes the gate before this instant.
      next_at timestamptz NOT NULL
    );
  `,
};
