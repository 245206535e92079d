import { searchNormalize } from '../domain/text/searchNormalize.js';

// Schema migrations, one function per version step, pure so they can be tested alone.
// dossiers v0 → v1: the name-search key (applicantNameSearch) and the sync state appeared.

type Doc = Record<string, unknown>;

export const dossierMigrations = {
  1: (old: Doc): Doc => ({
    ...old,
    applicantNameSearch: searchNormalize(typeof old.applicantName === 'string' ? old.applicantName : '').slice(0, 120),
    syncState: typeof old.syncState === 'string' ? old.syncState : 'local',
  }),
};
