import type { Migration } from '../migrate.js';

// What each counter last said about itself: how many of its changes the server has not yet
// acknowledged. The supervisor's "has every counter uploaded?" cannot be answered from the
// rows alone (a counter that never connected left none), so counters report after each sync.
export const migration: Migration = {
  version: 7,
  name: 'workstation_reports',
  sql: `
    CREATE TABLE workstation_reports (
      workstation_id text PRIMARY KEY,
      workstation_name text NOT NULL,
      unit_code text NOT NULL,
      pending integer NOT NULL CHECK (pending >= 0),
      user_name text NOT NULL,
      reported_at timestamptz NOT NULL,
      -- The workstation's clock as it measured it against the server, and any supervisor override (issue 12).
      clock jsonb
    );
    CREATE INDEX workstation_reports_unit ON workstation_reports (unit_code);
  `,
};
