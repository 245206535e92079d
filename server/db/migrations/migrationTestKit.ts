import { afterEach } from 'vitest';
import type { Db } from '../db.js';
import { migrateUp } from '../migrate.js';
import { testDbEngines } from '../testDb.js';

// Tiny helpers for the one-test-per-migration files: a database at version N-1, then N.

export const engines = testDbEngines();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

export async function dbAtVersion(engineName: string, version: number): Promise<Db> {
  const engine = engines.find((e) => e.name === engineName);
  if (!engine) throw new Error(`no engine ${engineName}`);
  const { db, cleanup } = await engine.open();
  cleanups.push(cleanup);
  await migrateUp(db, version);
  return db;
}

export async function columnsOf(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}
