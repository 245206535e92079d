import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 005 blocks (%s)', (engine) => {
  it('keeps block ranges inside 1..9999', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 4);
    expect(await migrateUp(db, 5)).toEqual([5]);
    const insert = 'INSERT INTO sequence_blocks (workstation_id, agency_code, first_no, last_no) VALUES ($1, $2, $3, $4)';
    await db.query(insert, ['PC1', 'H05', 1, 1999]);
    await expect(db.query(insert, ['PC2', 'H05', 2000, 10000])).rejects.toThrow();
    await expect(db.query(insert, ['PC2', 'H05', 0, 10])).rejects.toThrow();
  });
});
