import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 004 rulepacks (%s)', (engine) => {
  it('keeps one row per (kind, version) ordered by rev', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 3);
    expect(await migrateUp(db, 4)).toEqual([4]);
    const insert = `INSERT INTO rule_packs (kind, version, effective_from, body) VALUES ($1, $2, $3, $4) RETURNING rev`;
    const [a] = await db.query<{ rev: string | number }>(insert, ['calendar', '2026.1', '2026-01-01', { days: [] }]);
    const [b] = await db.query<{ rev: string | number }>(insert, ['calendar', '2026.2', '2026-07-01', { days: [] }]);
    expect(Number(b?.rev)).toBeGreaterThan(Number(a?.rev));
    await expect(db.query(insert, ['calendar', '2026.1', '2026-01-01', {}])).rejects.toThrow();
  });
});
