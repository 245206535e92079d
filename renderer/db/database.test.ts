import 'fake-indexeddb/auto';
import { addRxPlugin, createRxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { dossierSchemaV1, eventSchemaV1, fileSchemaV1 } from '../../shared/schemas/dossier.js';
import { dossierMigrations, eventMigrations } from '../../shared/schemas/migrations.js';
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

// The v0 event schema: keyed `<dossierId>:<seq>`, the event's own id in `eventId`.
const eventSchemaV0 = {
  ...eventSchemaV1,
  version: 0,
  properties: {
    ...Object.fromEntries(Object.entries(eventSchemaV1.properties).filter(([k]) => !['pos', 'acceptedAt', 'syncReason'].includes(k))),
    id: { type: 'string', maxLength: 80 },
    eventId: { type: 'string', maxLength: 64 },
  },
  required: ['id', 'eventId', 'dossierId', 'unitCode', 'seq', 'type', 'at', 'actor', 'payload', 'syncState'],
};
const fileSchemaV0 = {
  ...fileSchemaV1,
  version: 0,
  properties: Object.fromEntries(Object.entries(fileSchemaV1.properties).filter(([k]) => k !== 'syncReason')),
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

  it('migrates events from v0 to v1: keyed by their own id, acknowledged ones placed at their seq', async () => {
    const name = dbName();
    const old = await createRxDatabase({ name, storage: getRxStorageDexie() });
    await old.addCollections({
      events: { schema: eventSchemaV0 as unknown as RxJsonSchema<Record<string, unknown>> },
      files: { schema: fileSchemaV0 as unknown as RxJsonSchema<Record<string, unknown>> },
    });
    const base = { dossierId: 'd1', unitCode: 'H29.01', at: '2026-11-30T08:00:00+07:00', actor: { userId: 'u1', userName: 'Lan', workstationId: 'ws1' } };
    await old.collections.events!.bulkInsert([
      { ...base, id: 'd1:000001', eventId: 'e1-0000-uuid', seq: 1, type: 'received', payload: { code: 'H29.01-261130-0001' }, syncState: 'acknowledged' },
      { ...base, id: 'd1:000002', eventId: 'e2-0000-uuid', seq: 2, type: 'transferred', payload: { toUnit: 'X', note: null }, syncState: 'sent' },
    ]);
    await old.collections.files!.insert({ id: `d1:${'a'.repeat(64)}`, sha256: 'a'.repeat(64), dossierId: 'd1', unitCode: 'H29.01', name: 'a.pdf', mime: 'application/pdf', size: 1, createdAt: base.at, syncState: 'rejected' });
    await old.close();
    const db = await databaseOpen({ name });
    const events = (await db.events.find({ sort: [{ dossierId: 'asc' }, { seq: 'asc' }] }).exec()).map((e) => e.toJSON());
    expect(events.map((e) => ({ id: e.id, seq: e.seq, pos: e.pos, syncState: e.syncState }))).toEqual([
      { id: 'e1-0000-uuid', seq: 1, pos: 1, syncState: 'acknowledged' },
      { id: 'e2-0000-uuid', seq: 2, pos: null, syncState: 'sent' },
    ]);
    expect(events.every((e) => !('eventId' in e))).toBe(true);
    expect((await db.files.find().exec())[0]?.syncReason).toMatch(/^rejected: /);
    await db.remove();
  });

  it('keeps each migration step pure', () => {
    expect(dossierMigrations[1]({ applicantName: 'Lê  Văn   Đức', syncState: 'sent' })).toMatchObject({ applicantNameSearch: 'le van duc', syncState: 'sent' });
    expect(eventMigrations[1]({ id: 'd:000003', eventId: 'e3', seq: 3, syncState: 'rejected' })).toEqual({ id: 'e3', seq: 3, syncState: 'rejected', pos: null, acceptedAt: null, syncReason: 'rejected: refused by the server before the upgrade' });
  });
});
