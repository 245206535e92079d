import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { columnsOf, dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 007 workstation reports (%s)', (engine) => {
  it('keeps one report per workstation with a non-negative pending count', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 6);
    expect(await migrateUp(db, 7)).toEqual([7]);
    expect(await columnsOf(db, 'workstation_reports')).toEqual(['workstation_id', 'workstation_name', 'unit_code', 'pending', 'user_name', 'reported_at', 'clock']);
    const insert = 'INSERT INTO workstation_reports VALUES ($1, $2, $3, $4, $5, now(), NULL)';
    await db.query(insert, ['PC1', 'Quầy 1', 'H29.01', 3, 'Lan']);
    await expect(db.query(insert, ['PC1', 'Quầy 1', 'H29.01', 0, 'Lan'])).rejects.toThrow();
    await expect(db.query(insert, ['PC2', 'Quầy 2', 'H29.01', -1, 'Lan'])).rejects.toThrow();
  });
});
