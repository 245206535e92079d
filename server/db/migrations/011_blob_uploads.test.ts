import { describe, expect, it } from 'vitest';
import { migrateUp } from '../migrate.js';
import { columnsOf, dbAtVersion, engines } from './migrationTestKit.js';

const sha = (c: string) => c.repeat(64);

describe.each(engines.map((e) => e.name))('migration 011 blob uploads and enrolments (%s)', (engine) => {
  it('carries linked blobs over as uploaded by their units, and folds in the bundle tables', { timeout: 240_000 }, async () => {
    const db = await dbAtVersion(engine, 10);
    await db.query('INSERT INTO blobs (sha256, size) VALUES ($1, 10), ($2, 20)', [sha('a'), sha('b')]);
    // Linked by two units (one scan in two dossiers); `b` is stored but linked by nobody.
    await db.query("INSERT INTO blob_links VALUES ($1, 'UA', 'd-1'), ($1, 'UB', 'd-2')", [sha('a')]);
    // A server that made the bundle tables on first use keeps its rows.
    await db.query('CREATE TABLE bundle_workstations (workstation_id text PRIMARY KEY, public_key text NOT NULL, key_id text NOT NULL, units text[], trusted_at timestamptz NOT NULL DEFAULT now())');
    await db.query("INSERT INTO bundle_workstations (workstation_id, public_key, key_id, units) VALUES ('PC1', 'pem', 'k1', '{UA}')");
    expect(await migrateUp(db, 11)).toEqual([11]);

    expect(await columnsOf(db, 'blob_uploads')).toEqual(['upload_id', 'sha256', 'username', 'unit_codes', 'bytes', 'uploaded_at', 'finished_at']);
    const carried = await db.query<{ sha256: string; unit_codes: string[]; bytes: string | number }>('SELECT sha256, unit_codes, bytes FROM blob_uploads');
    expect(carried.map((r) => ({ ...r, bytes: Number(r.bytes), unit_codes: [...r.unit_codes].sort() }))).toEqual([{ sha256: sha('a'), unit_codes: ['UA', 'UB'], bytes: 10 }]);
    await expect(db.query("INSERT INTO blob_uploads VALUES ('u1', 'not-a-hash', 'lan', '{UA}', 1, now(), NULL)")).rejects.toThrow();

    expect(await columnsOf(db, 'workstation_enrolments')).toEqual([
      'workstation_id', 'name', 'unit_code', 'public_key', 'key_id', 'status', 'requested_by', 'requested_at', 'approved_by', 'approved_at',
    ]);
    await expect(db.query("INSERT INTO workstation_enrolments VALUES ('PC2', 'Quầy 2', 'UA', 'pem', 'k2', 'trusted', 'lan', now(), NULL, NULL)")).rejects.toThrow();
    expect(await db.query('SELECT workstation_id FROM bundle_workstations')).toEqual([{ workstation_id: 'PC1' }]);
    expect(await columnsOf(db, 'bundle_imports')).toEqual(['bundle_id', 'workstation_id', 'created_at', 'imported_at', 'summary']);
  });
});
