import { addRxPlugin, createRxDatabase, type MangoQuerySelector, type RxCollection, type RxDatabase, type RxDocument, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
  dossierSchemaV1,
  eventSchemaV1,
  fileSchemaV1,
  rulePackSchemaV0,
  workstationSchemaV0,
} from '../../shared/schemas/dossier.js';
import { dossierMigrations, eventMigrations, fileMigrations } from '../../shared/schemas/migrations.js';
import { getAllStorage } from './getAllStorage.js';
import { immutableConflictHandler } from './immutableRecords.js';
import { storageLossCheck } from './storageLoss.js';

// The workstation database: RxDB on Dexie (IndexedDB) in the renderer. Dev-mode is never
// loaded (it fetches a page from the vendor's site and would break offline start-up).

addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Every `syncState` but 'acknowledged' (renderer/sync/syncMarks.ts has the life cycle). One
 * `{ syncState: state }` query per state is an index range read whole in one request
 * (getAllStorage.ts), and its count an index count; `$ne: 'acknowledged'` cannot use the index
 * and reads the whole store.
 */
export const unsyncedStates = ['local', 'queued', 'sent', 'rejected'];

/** The states of records still waiting to reach the server (a quarantined one waits for nothing). */
export const pendingStates = ['local', 'queued', 'sent'];

/** The records of a collection the server has not acknowledged, one index range per state. */
export async function unsyncedFind<T extends { syncState: string }>(collection: RxCollection<T>): Promise<RxDocument<T>[]> {
  const perState = await Promise.all(unsyncedStates.map((syncState) => collection.find({ selector: { syncState } as MangoQuerySelector<T> }).exec()));
  return perState.flat();
}

export interface DossierDoc {
  id: string;
  code: string;
  unitCode: string;
  procedureCode: string;
  procedureName?: string;
  applicantName?: string;
  applicantNameSearch: string;
  status: string;
  nationalStatus?: number;
  channel?: number;
  receivedAt: string;
  dueAt: string;
  originalDueAt?: string;
  finishedAt?: string | null;
  returnedAt?: string | null;
  personal?: string;
  lastSeq: number;
  updatedAt: string;
  syncState: string;
  syncReason?: string | null;
  projection?: Record<string, unknown>;
}

/** A dossier event as stored here: keyed by its own id, placed by the server once accepted. */
export interface EventDoc {
  id: string;
  dossierId: string;
  unitCode: string;
  seq: number;
  type: string;
  at: string;
  actor: Record<string, unknown>;
  clock?: Record<string, unknown>;
  payload: Record<string, unknown>;
  pos?: number | null;
  acceptedAt?: string | null;
  syncState: string;
  syncReason?: string | null;
}

export interface FileDoc {
  id: string;
  sha256: string;
  dossierId: string;
  unitCode: string;
  componentCode?: string | null;
  name: string;
  mime: string;
  size: number;
  pages?: number | null;
  searchable?: boolean;
  createdAt: string;
  syncState: string;
  syncReason?: string | null;
}

export interface RulePackDoc {
  id: string;
  kind: string;
  version: string;
  effectiveFrom: string;
  body: Record<string, unknown>;
}

export interface WorkstationDoc {
  key: string;
  value: Record<string, unknown>;
  updatedAt: string;
}

export interface Collections {
  dossiers: RxCollection<DossierDoc>;
  events: RxCollection<EventDoc>;
  files: RxCollection<FileDoc>;
  rulepacks: RxCollection<RulePackDoc>;
  workstation: RxCollection<WorkstationDoc>;
}

export type Database = RxDatabase<Collections>;

export interface DatabaseOptions {
  name?: string;
  /** Tests pass Dexie over fake-indexeddb; the app uses the browser's IndexedDB. */
  storage?: RxStorage<unknown, unknown>;
  /** The recovery screen opens a database the browser threw away, to restore a backup into it. */
  lossAccepted?: boolean;
}

function schemaOf<T>(schema: unknown): RxJsonSchema<T> {
  return schema as RxJsonSchema<T>;
}

export const databaseName = 'motcua';

export async function databaseOpen(options: DatabaseOptions = {}): Promise<Database> {
  // Before RxDB touches IndexedDB: a corrupt store that the browser replaced by an empty one
  // must lead to the recovery screen, never to an empty app.
  if (!options.storage && !options.lossAccepted && typeof indexedDB !== 'undefined') await storageLossCheck(indexedDB, options.name ?? databaseName);
  const db = await createRxDatabase<Collections>({
    name: options.name ?? databaseName,
    storage: getAllStorage(options.storage ?? getRxStorageDexie()),
    multiInstance: true,
    eventReduce: true,
    closeDuplicates: true,
  });
  await db.addCollections({
    dossiers: { schema: schemaOf<DossierDoc>(dossierSchemaV1), migrationStrategies: dossierMigrations },
    events: { schema: schemaOf<EventDoc>(eventSchemaV1), migrationStrategies: eventMigrations, conflictHandler: immutableConflictHandler<EventDoc>() },
    files: { schema: schemaOf<FileDoc>(fileSchemaV1), migrationStrategies: fileMigrations, conflictHandler: immutableConflictHandler<FileDoc>() },
    rulepacks: { schema: schemaOf<RulePackDoc>(rulePackSchemaV0) },
    workstation: { schema: schemaOf<WorkstationDoc>(workstationSchemaV0) },
  });
  return db;
}
