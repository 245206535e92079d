import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 003 files (%s)', (engine) => {
  it('accepts only lower-case hex SHA-256 keys', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 2);
    expect(await migrateUp(db, 3)).toEqual([3]);
    await db.query('INSERT INTO blobs (sha256, size) VALUES ($1, 3)', ['a'.repeat(64)]);
    await expect(db.query('INSERT INTO blobs (sha256, size) VALUES ($1, 3)', ['A'.repeat(64)])).rejects.toThrow();
    await expect(db.query('INSERT INTO blobs (sha256, size) VALUES ($1, 3)', ['../etc/passwd'])).rejects.toThrow();
  });
});
