import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { syncNotifyChannel } from './syncStore.js';
import { unitCodeSchema } from './users.js';

// Moving a dossier to another unit (provincial IT: a dossier taken in by the wrong commune, or
// communes merged). Its events, file records and derived dossier are written again under the new
// unit with fresh sequence numbers, so the new unit pulls them; the old unit is served a "moved"
// marker in its events and files pulls (shared/sync/eventWire.ts MovedMarker), on which its
// workstations drop their copy; anything they still push for it is refused per row
// (`dossier-moved`), never the whole batch.

export interface DossierMoved {
  dossierId: string;
  code: string;
  from: string;
  to: string;
  rows: number;
}

export async function dossierMove(db: Db, input: { dossier: string; to: string; nowIso?: string }): Promise<DossierMoved> {
  if (!unitCodeSchema.safeParse(input.to).success) throw new AppError('validation-failed', `bad unit code "${input.to.slice(0, 64)}"`);
  const nowIso = input.nowIso ?? new Date().toISOString();
  return db.transaction(async (tx) => {
    // The same locks as pushes (events, then files), so no push interleaves with the move.
    if (db.kind === 'pg') {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['sync:events']);
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['sync:files']);
    }
    const [d] = await tx.query<{ dossier_id: string; unit_code: string; code: string }>(
      'SELECT dossier_id, unit_code, code FROM server_dossiers WHERE dossier_id = $1 OR code = $1',
      [input.dossier],
    );
    if (!d) throw new AppError('not-found', `no dossier "${input.dossier.slice(0, 64)}" on this server`);
    const [unit] = await tx.query('SELECT 1 AS x FROM units WHERE code = $1', [input.to]);
    if (!unit) throw new AppError('not-found', `no unit ${input.to}: import it first (server unit import)`);
    if (d.unit_code === input.to) return { dossierId: d.dossier_id, code: d.code, from: d.unit_code, to: input.to, rows: 0 };
    const from = d.unit_code;
    await tx.query(
      `UPDATE server_dossiers SET unit_code = $2, moved_from = array_append(array_remove(moved_from, $3), $3) WHERE dossier_id = $1`,
      [d.dossier_id, input.to, from],
    );
    const moved = await tx.query<{ id: string }>(
      `UPDATE sync_docs SET unit_code = $2, doc = jsonb_set(doc, '{unitCode}', to_jsonb($2::text)), seq = nextval('sync_seq'), written_at = now()
        WHERE (collection IN ('events', 'files') AND doc->>'dossierId' = $1) OR (collection = 'dossiers' AND id = $1)
        RETURNING id`,
      [d.dossier_id, input.to],
    );
    await tx.query(
      'INSERT INTO blob_links (sha256, unit_code, dossier_id) SELECT sha256, $2, dossier_id FROM blob_links WHERE dossier_id = $1 ON CONFLICT DO NOTHING',
      [d.dossier_id, input.to],
    );
    await tx.query('DELETE FROM blob_links WHERE dossier_id = $1 AND unit_code = $2', [d.dossier_id, from]);
    for (const collection of ['events', 'files']) {
      const id = `moved:${d.dossier_id}:${from}`;
      const marker = { id, dossierId: d.dossier_id, unitCode: from, movedTo: input.to, updatedAt: nowIso, _deleted: true };
      await tx.query(
        `INSERT INTO sync_docs (collection, id, unit_code, doc, deleted) VALUES ($1, $2, $3, $4::text::jsonb, true)
         ON CONFLICT (collection, id) DO UPDATE SET doc = EXCLUDED.doc, seq = nextval('sync_seq'), written_at = now()`,
        [collection, id, from, JSON.stringify(marker)],
      );
      await tx.query('SELECT pg_notify($1, $2)', [syncNotifyChannel, JSON.stringify({ c: collection, u: [from, input.to] })]);
    }
    return { dossierId: d.dossier_id, code: d.code, from, to: input.to, rows: moved.length };
  });
}
