import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dbOpenPg, dbOpenPglite, type Db } from './db.js';

// Test helper: the engines every server test runs against. PGlite always; a real PostgreSQL
// when PG_TEST_URL is set (CI starts a Debian cluster). Each PostgreSQL test gets its own
// schema through the connection's search_path, so tests never see each other's rows.

export interface TestDbEngine {
  name: 'pglite' | 'pg';
  /** A fresh, empty database; `url` is set for PostgreSQL so a server process can be pointed at it. */
  open(): Promise<{ db: Db; url?: string; cleanup: () => Promise<void> }>;
}

export function testDbEngines(): TestDbEngine[] {
  const engines: TestDbEngine[] = [
    {
      name: 'pglite',
      async open() {
        const db = await dbOpenPglite(undefined);
        return { db, cleanup: () => db.close() };
      },
    },
  ];
  const base = process.env.PG_TEST_URL;
  if (base) engines.push({ name: 'pg', open: () => pgSchemaOpen(base) });
  return engines;
}

export async function pgSchemaOpen(base: string): Promise<{ db: Db; url: string; cleanup: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = await dbOpenPg(url.toString());
  return {
    db,
    url: url.toString(),
    async cleanup() {
      await db.close();
      const drop = new pg.Client({ connectionString: base });
      await drop.connect();
      await drop.query(`DROP SCHEMA ${schema} CASCADE`);
      await drop.end();
    },
  };
}
