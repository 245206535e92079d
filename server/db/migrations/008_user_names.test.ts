import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 008 user_names (%s)', (engine) => {
  it('adds an optional full name to users, keeping the accounts already there', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 7);
    await db.query(`INSERT INTO users (username, password_hash, role) VALUES ('hoa', 'x', 'clerk')`);
    expect(await migrateUp(db, 8)).toEqual([8]);
    expect(await db.query('SELECT username, display_name FROM users')).toEqual([{ username: 'hoa', display_name: null }]);
    await db.query(`UPDATE users SET display_name = 'Nguyễn Thị Hoa' WHERE username = 'hoa'`);
    await expect(db.query(`UPDATE users SET display_name = '' WHERE username = 'hoa'`)).rejects.toThrow();
  });
});
