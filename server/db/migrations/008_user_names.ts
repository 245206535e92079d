import type { Migration } from '../migrate.js';

// A person's full name, as it goes on receipts and the end-of-day figures of every workstation
// of their units. Accounts made before it have none; workstations then show the user name.
export const migration: Migration = {
  version: 8,
  name: 'user_names',
  sql: `ALTER TABLE users ADD COLUMN display_name text CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 120);`,
};
