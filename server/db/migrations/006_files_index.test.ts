import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { dbAtVersion, engines } from './migrationTestKit.js';

describe.each(engines.map((e) => e.name))('migration 006 files_index (%s)', (engine) => {
  it('adds a partial index on the hash of file records', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 5);
    expect(await migrateUp(db, 6)).toEqual([6]);
    const rows = await db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'sync_docs_files_sha' AND schemaname = current_schema()`,
    );
    expect(rows[0]?.indexdef).toContain("'files'");
  });
});
