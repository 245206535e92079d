import type { Db } from './db.js';
import { migration as m001 } from './migrations/001_identity.js';
import { migration as m002 } from './migrations/002_sync.js';
import { migration as m003 } from './migrations/003_files.js';
import { migration as m004 } from './migrations/004_rulepacks.js';
import { migration as m005 } from './migrations/005_blocks.js';
import { migration as m006 } from './migrations/006_files_index.js';
import { migration as m007 } from './migrations/007_workstation_reports.js';
import { migration as m008 } from './migrations/008_user_names.js';
import { migration as m009 } from './migrations/009_login_attempts.js';
import { migration as m010 } from './migrations/010_server_decides.js';
import { migration as m011 } from './migrations/011_blob_uploads.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Append only: a shipped migration is never edited, a change is a new file.
export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011];

/**
 * Applies pending migrations up to `target` (default: all) in one transaction together with
 * their schema_migrations rows, so a failure leaves the previous version intact. An advisory
 * lock lets several instances start at once against one PostgreSQL without racing.
 */
export async function migrateUp(db: Db, target = Number.POSITIVE_INFINITY): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(774411)');
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version > target || done.has(m.version)) continue;
      for (const statement of sqlSplit(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

export async function migrateVersion(db: Db): Promise<number> {
  const rows = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return Number(rows[0]?.v ?? 0);
}

/** Our migrations hold no semicolons inside literals or bodies, so a plain split is exact. */
function sqlSplit(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.replace(/--[^\n]*/g, '').trim())
    .filter((s) => s.length > 0);
}
