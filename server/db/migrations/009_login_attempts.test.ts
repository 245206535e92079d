import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { columnsOf, dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 009 login attempts (%s)', (engine) => {
  it('replaces the per name+address failure counts with the attempt gate', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 8);
    await db.query(`INSERT INTO login_failures (key, failures, last_at) VALUES ('hoa|10.0.0.1', 3, now())`);
    expect(await migrateUp(db, 9)).toEqual([9]);
    expect(await columnsOf(db, 'login_failures')).toEqual([]);
    expect(await columnsOf(db, 'login_attempts')).toEqual(['key', 'failures', 'window_start', 'next_at']);
    const insert = 'INSERT INTO login_attempts VALUES ($1, $2, now(), now())';
    await db.query(insert, ['name:hoa', 0]);
    await expect(db.query(insert, ['name:hoa', 1])).rejects.toThrow();
    await expect(db.query(insert, ['addr:10.0.0.1', -1])).rejects.toThrow();
  });
});
