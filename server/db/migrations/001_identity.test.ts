import { describe, expect, it } from 'vitest';
import { migrateUp, migrateVersion } from '../migrate.js';
import { columnsOf, dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 001 identity (%s)', (engine) => {
  it('creates users with a role check and their units', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 0);
    expect(await migrateUp(db, 1)).toEqual([1]);
    expect(await migrateVersion(db)).toBe(1);
    expect(await columnsOf(db, 'users')).toEqual(['id', 'username', 'password_hash', 'role', 'disabled', 'created_at']);
    const [user] = await db.query<{ id: string | number }>(
      `INSERT INTO users (username, password_hash, role) VALUES ('a', 'h', 'clerk') RETURNING id`,
    );
    await db.query('INSERT INTO user_units (user_id, unit_code) VALUES ($1, $2)', [user?.id, 'X01']);
    await expect(db.query(`INSERT INTO users (username, password_hash, role) VALUES ('b', 'h', 'boss')`)).rejects.toThrow();
    expect(await migrateUp(db, 1)).toEqual([]);
  });
});
