import { searchNormalize } from '../domain/text/searchNormalize.js';

// Schema migrations, one function per version step, pure so they can be tested alone.
// dossiers v0 → v1: the name-search key (applicantNameSearch) and the sync state appeared.
// events v0 → v1: keyed by the event's own id (was `<dossierId>:<seq>` with the id in `eventId`);
//   an event the server had acknowledged keeps its seq as its server position (the server's own
//   migration 010 does the same), any other waits for the server's answer.
// files v0 → v1: the server's reason when it refuses a record (quarantine).

type Doc = Record<string, unknown>;

export const dossierMigrations = {
  1: (old: Doc): Doc => ({
    ...old,
    applicantNameSearch: searchNormalize(typeof old.applicantName === 'string' ? old.applicantName : '').slice(0, 120),
    syncState: typeof old.syncState === 'string' ? old.syncState : 'local',
  }),
};

export const eventMigrations = {
  1: (old: Doc): Doc => {
    const { eventId, ...rest } = old;
    const acknowledged = old.syncState === 'acknowledged';
    return {
      ...rest,
      id: typeof eventId === 'string' && eventId !== '' ? eventId : old.id,
      pos: acknowledged && typeof old.seq === 'number' && old.seq >= 1 ? old.seq : null,
      acceptedAt: null,
      syncReason: old.syncState === 'rejected' ? 'rejected: refused by the server before the upgrade' : null,
    };
  },
};

export const fileMigrations = {
  1: (old: Doc): Doc => ({ ...old, syncReason: old.syncState === 'rejected' ? 'rejected: refused by the server before the upgrade' : null }),
};
