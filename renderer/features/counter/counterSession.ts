import type { ResultOf } from '../../../shared/contract/commands.js';
import { calendarFromPack } from '../../../shared/domain/rulepacks/calendarPack.js';
import { builtInCalendar } from '../../../shared/domain/calendar/builtIn.js';
import type { WorkingCalendar } from '../../../shared/domain/calendar/workingCalendar.js';
import { databaseOpen, type Database } from '../../db/database.js';
import { dossierRepoCreate, type DossierRepo } from '../../db/dossierRepo.js';
import { personalCipherCreate } from '../../db/personalCipher.js';
import { invoke } from '../../ipc/client.js';

// What the counter screens work with once someone is signed in: the database, the dossier
// repository (with the personal-data key from the main process) and the rule packs in force.

export type Catalogue = ResultOf<'catalogue:current'>;

export interface CounterSession {
  db: Database;
  repo: DossierRepo;
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  /** Projections being rebuilt after a crash (appends wait for it); how many, once done. */
  repaired: Promise<number>;
}

let database: Promise<Database> | null = null;

export function databaseShared(): Promise<Database> {
  database ??= databaseOpen().catch((err: unknown) => {
    database = null;
    throw err;
  });
  return database;
}

export async function counterSessionOpen(): Promise<CounterSession> {
  const [db, key, catalogue] = await Promise.all([databaseShared(), invoke('keys:personal', {}), invoke('catalogue:current', {})]);
  const repo = dossierRepoCreate(db, await personalCipherCreate(key.keyBase64), catalogue.statusMapping);
  // In the background: the worklist shows meanwhile, and the repository holds appends until done.
  const repaired = repo.repair();
  const calendar = catalogue.calendar ? calendarFromPack(catalogue.calendar) : builtInCalendar();
  return { db, repo, catalogue, calendar, repaired };
}
