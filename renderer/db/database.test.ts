import 'fake-indexeddb/auto';
import { addRxPlugin, createRxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { dossierSchemaV1 } from '../../shared/schemas/dossier.js';
import { dossierMigrations } from '../../shared/schemas/migrations.js';
import { databaseOpen } from './database.js';

addRxPlugin(RxDBMigrationSchemaPlugin);

let n = 0;
const dbName = (): string => `test-${Date.now()}-${n++}`;

// The v0 dossier schema as it shipped before the name-search key existed.
const dossierSchemaV0 = {
  ...dossierSchemaV1,
  version: 0,
  properties: Object.fromEntries(Object.entries(dossierSchemaV1.properties).filter(([k]) => k !== 'applicantNameSearch' && k !== 'syncState')),
  required: dossierSchemaV1.required.filter((k) => k !== 'applicantNameSearch' && k !== 'syncState'),
  indexes: ['code', 'dueAt', ['status', 'dueAt'], 'receivedAt', ['unitCode', 'receivedAt']],
};

describe('workstation database', () => {
  it('opens the five collections on Dexie and finds dossiers by due date and name key', async () => {
    const db = await databaseOpen({ name: dbName() });
    expect(Object.keys(db.collections).sort()).toEqual(['dossiers', 'events', 'files', 'rulepacks', 'workstation']);
    const base = { unitCode: 'H29', procedureCode: '1.001', status: 'received', lastSeq: 1, syncState: 'local', updatedAt: '2026-11-30T08:00:00+07:00' };
    await db.dossiers.bulkInsert([
      { ...base, id: 'a', code: 'H29-261130-0001', applicantNameSearch: 'nguyen thi dao', receivedAt: '2026-11-30T08:00:00+07:00', dueAt: '2026-12-03T08:00:00+07:00' },
      { ...base, id: 'b', code: 'H29-261130-0002', applicantNameSearch: 'tran van an', receivedAt: '2026-11-30T09:00:00+07:00', dueAt: '2026-12-01T09:00:00+07:00' },
    ]);
    const byDue = await db.dossiers.find({ selector: { dueAt: { $lt: '2026-12-02' } }, sort: [{ dueAt: 'asc' }] }).exec();
    expect(byDue.map((d) => d.id)).toEqual(['b']);
    const byName = await db.dossiers.find({ selector: { applicantNameSearch: { $gte: 'nguyen', $lt: 'nguyen\uffff' } } }).exec();
    expect(byName.map((d) => d.code)).toEqual(['H29-261130-0001']);
    await db.remove();
  });

  it('migrates dossiers from v0 to v1, adding the name-search key and sync state', async () => {
    const name = dbName();
    const old = await createRxDatabase({ name, storage: getRxStorageDexie() });
    await old.addCollections({ dossiers: { schema: dossierSchemaV0 as unknown as RxJsonSchema<Record<string, unknown>> } });
    await old.collections.dossiers!.insert({
      id: 'x', code: 'H29-261130-0003', unitCode: 'H29', procedureCode: '1.001', status: 'received', lastSeq: 1,
      applicantName: 'Đỗ Thị Hương', receivedAt: '2026-11-30T08:00:00+07:00', dueAt: '2026-12-03T08:00:00+07:00', updatedAt: '2026-11-30T08:00:00+07:00',
    });
    await old.close();
    const db = await databaseOpen({ name });
    const doc = await db.dossiers.findOne('x').exec();
    expect(doc?.applicantNameSearch).toBe('do thi huong');
    expect(doc?.syncState).toBe('local');
    await db.remove();
  });

  it('keeps each migration step pure', () => {
    expect(dossierMigrations[1]({ applicantName: 'Lê  Văn   Đức', syncState: 'sent' })).toMatchObject({ applicantNameSearch: 'le van duc', syncState: 'sent' });
  });
});
