import { AppError } from '../../shared/contract/errors.js';
import { cataloguePackSchema, type CataloguePack } from '../../shared/domain/rulepacks/cataloguePack.js';
import { isoDateSchema } from '../../shared/domain/rulepacks/common.js';
import { dongBoHoSoMcBuild, dvcqgItemFromDoc, type DongBoHoSoMc, type DvcqgFileInput, type DvcqgHeld, type DvcqgItem } from '../../shared/sync/dvcqg.js';
import type { DbQuery } from '../db/db.js';
import type { ExportConnector, HeldReport } from './connector.js';

// One export run: dossiers whose projection changed in [from, to] (Vietnamese calendar days),
// mapped to DongBoHoSoMC items, checked against the catalogue in force on each receipt date,
// delivered through a connector. Held-back dossiers are reported with their reason, never dropped.

export interface ExportOptions extends Partial<{ nowIso: string }> {
  from: string;
  to: string;
}

export interface ExportResult {
  bodies: DongBoHoSoMc[];
  report: HeldReport;
  refs: string[];
}

export function exportPeriodCheck(from: string | undefined, to: string | undefined): { from: string; to: string } {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value === undefined || !isoDateSchema.safeParse(value).success) {
      throw new AppError('validation-failed', `--${name} must be a date YYYY-MM-DD, got "${value ?? ''}"`);
    }
  }
  if ((from as string) > (to as string)) throw new AppError('validation-failed', `--from ${from} is after --to ${to}`);
  return { from: from as string, to: to as string };
}

export async function exportCatalogues(db: DbQuery): Promise<CataloguePack[]> {
  const rows = await db.query<{ body: unknown }>(`SELECT body FROM rule_packs WHERE kind = 'catalogue' ORDER BY rev`);
  return rows.flatMap((r) => {
    const parsed = cataloguePackSchema.safeParse(r.body);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Selects, maps and validates; no delivery (the CLI and the scheduled run share it). */
export async function exportBuild(db: DbQuery, options: ExportOptions): Promise<{ bodies: DongBoHoSoMc[]; report: HeldReport }> {
  const { from, to } = exportPeriodCheck(options.from, options.to);
  // Vietnamese days: [from 00:00+07, to+1 00:00+07).
  const rows = await db.query<{ id: string; unit_code: string; doc: Record<string, unknown> }>(
    `SELECT id, unit_code, doc FROM sync_docs
      WHERE collection = 'dossiers' AND NOT deleted
        AND (doc->>'updatedAt')::timestamptz >= ($1 || 'T00:00:00+07:00')::timestamptz
        AND (doc->>'updatedAt')::timestamptz < (($2::date + 1)::text || 'T00:00:00+07:00')::timestamptz
      ORDER BY id`,
    [from, to],
  );
  const files = rows.length === 0 ? [] : await db.query<{ doc: Record<string, unknown> }>(
    `SELECT doc FROM sync_docs WHERE collection = 'files' AND doc->>'dossierId' = ANY($1::text[])`,
    [rows.map((r) => r.id)],
  );
  const filesBy = new Map<string, DvcqgFileInput[]>();
  for (const { doc } of files) {
    const dossierId = String(doc.dossierId);
    const list = filesBy.get(dossierId) ?? [];
    list.push({
      sha256: String(doc.sha256),
      name: typeof doc.name === 'string' ? doc.name : String(doc.sha256),
      componentCode: typeof doc.componentCode === 'string' ? doc.componentCode : null,
      role: doc.role === 'result' ? 'result' : 'component',
      deleted: doc._deleted === true,
    });
    filesBy.set(dossierId, list);
  }
  const catalogues = await exportCatalogues(db);
  const itemsByUnit = new Map<string, DvcqgItem[]>();
  const held: DvcqgHeld[] = [];
  for (const row of rows) {
    const mapped = dvcqgItemFromDoc(row.id, row.doc, filesBy.get(row.id) ?? [], catalogues);
    if (!mapped.ok) {
      held.push(mapped.held);
      continue;
    }
    const list = itemsByUnit.get(row.unit_code) ?? [];
    list.push(mapped.item);
    itemsByUnit.set(row.unit_code, list);
  }
  const bodies = [...itemsByUnit.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([unit, items]) => dongBoHoSoMcBuild(unit, items));
  const accepted = bodies.reduce((n, b) => n + b.data.length, 0);
  return { bodies, report: { from, to, generatedAt: options.nowIso ?? new Date().toISOString(), accepted, held } };
}

export async function exportRun(db: DbQuery, connector: ExportConnector, options: ExportOptions): Promise<ExportResult> {
  const built = await exportBuild(db, options);
  const { refs } = await connector.deliver(built.bodies, built.report);
  return { ...built, refs };
}
