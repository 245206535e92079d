import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { columnsOf, dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 002 sync (%s)', (engine) => {
  it('creates sync_docs whose seq grows on every write', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 1);
    expect(await migrateUp(db, 2)).toEqual([2]);
    expect(await columnsOf(db, 'sync_docs')).toEqual(['collection', 'id', 'unit_code', 'doc', 'deleted', 'seq', 'written_at']);
    await db.query(`INSERT INTO sync_docs (collection, id, unit_code, doc) VALUES ('dossiers', 'd1', 'U', '{}')`);
    await db.query(`UPDATE sync_docs SET seq = nextval('sync_seq') WHERE id = 'd1'`);
    const [row] = await db.query<{ seq: string | number }>(`SELECT seq FROM sync_docs WHERE id = 'd1'`);
    expect(Number(row?.seq)).toBe(2);
  });
});
