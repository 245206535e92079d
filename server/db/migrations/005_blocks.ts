import type { Migration } from '../migrate.js';

// Sequence blocks for dossier codes AGENCY-YYMMDD-NNNN (Decree 61/2018 Art. 26: the NNNN part
// counts the agency's dossiers of the day, at most 9,999). Each workstation owns a range of
// NNNN values, so codes never collide offline; ranges of one agency never overlap.
export const migration: Migration = {
  version: 5,
  name: 'blocks',
  sql: `
    CREATE TABLE sequence_blocks (
      id bigserial PRIMARY KEY,
      workstation_id text NOT NULL,
      agency_code text NOT NULL,
      first_no integer NOT NULL CHECK (first_no >= 1),
      last_no integer NOT NULL CHECK (last_no <= 9999 AND last_no >= first_no),
      assigned_at timestamptz NOT NULL DEFAULT now(),
      claimed_at timestamptz
    );
    CREATE INDEX sequence_blocks_agency ON sequence_blocks (agency_code, last_no);
    CREATE INDEX sequence_blocks_ws ON sequence_blocks (workstation_id);
  `,
};
