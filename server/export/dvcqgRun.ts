import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import type { DossierProjection } from '../../shared/domain/lifecycle/projection.js';
import { cataloguePackSchema, type CataloguePack } from '../../shared/domain/rulepacks/cataloguePack.js';
import { isoDateSchema } from '../../shared/domain/rulepacks/common.js';
import { dongBoHoSoMcBuild, dvcqgItemFromProjection, type DongBoHoSoMc, type DvcqgFileInput, type DvcqgHeld, type DvcqgItem } from '../../shared/sync/dvcqg.js';
import type { DbQuery } from '../db/db.js';
import type { ExportConnector, HeldReport } from './connector.js';

// One export run: dossiers whose projection changed in [from, to] (Vietnamese calendar days),
// mapped to DongBoHoSoMC items, checked against the catalogue in force on each receipt date,
// delivered through a connector. Held-back dossiers are reported with their reason, never dropped.

const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T/);
/** The projection fields the mapping reads; the replicated row keeps the full projection under `projection`. */
const projectionSchema = z.looseObject({
  id: z.string().min(1),
  code: z.string().min(1),
  procedureCode: z.string(),
  procedureName: z.string(),
  procedureOverridden: z.boolean().default(false),
  applicantName: z.string(),
  applicantIdNumber: z.string().nullable().default(null),
  nationalStatus: z.number().int().min(1).max(10),
  channel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  receivedAt: instant,
  dueAt: instant,
  originalDueAt: instant,
  finishedAt: instant.optional(),
  returnedAt: instant.optional(),
  duration: z.object({ value: z.number().min(0), unit: z.string() }),
  currentUnit: z.string().min(1),
  fees: z.array(z.object({ code: z.string(), name: z.string(), amount: z.number().min(0) })),
  paymentOnline: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  supplements: z.array(z.object({ requestedAt: z.string(), receivedAt: z.string().nullable(), reason: z.string() })),
  componentFiles: z.number().int().min(0),
  digitisedComponent: z.boolean(),
  reusedComponent: z.boolean(),
  electronicResult: z.boolean(),
  rating: z.object({ score: z.number(), dislike: z.boolean() }).nullable(),
});

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
    const parsed = projectionSchema.safeParse(row.doc.projection ?? row.doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      held.push({ dossierId: row.id, code: typeof row.doc.code === 'string' ? row.doc.code : null, procedureCode: null, reason: 'projection-invalid', message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` });
      continue;
    }
    const mapped = dvcqgItemFromProjection(parsed.data as unknown as DossierProjection, (filesBy.get(row.id) ?? []).sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)), catalogues);
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
