import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import { rulePackParse as domainRulePackParse } from '../../shared/domain/rulepacks/rulePackParse.js';
import type { Db } from '../db/db.js';
import { unitCodeSchema } from './users.js';

// Rule packs and the unit directory, imported by provincial IT and distributed to clients.
// A pack is a versioned JSON document (kind, version, effectiveFrom, body); a dossier records
// the versions it was computed with, so an imported pack never changes, a new version is added.

/** What the server stores of a pack: its identity, its start date, and the validated document. */
export interface RulePack {
  kind: string;
  version: string;
  effectiveFrom: string;
  body: unknown;
}

export interface StoredRulePack extends RulePack {
  rev: number;
}

/**
 * Validates a pack file with the shared domain schemas (shared/domain/rulepacks); `kind` is
 * fixed by the CLI subcommand (catalogue, calendar, agencies) or undefined for any kind.
 */
export function rulePackFromFile(json: unknown, kind: string | undefined): RulePack {
  const pack = domainRulePackParse(json);
  if (kind !== undefined && pack.kind !== kind) {
    throw new AppError('validation-failed', `file holds a "${pack.kind}" pack, expected "${kind}"`);
  }
  return { kind: pack.kind, version: pack.version, effectiveFrom: pack.validFrom, body: pack };
}

export async function rulePackImport(db: Db, pack: RulePack): Promise<{ rev: number; created: boolean }> {
  const [existing] = await db.query<{ rev: string | number; body: unknown; effective_from: string | Date }>(
    'SELECT rev, body FROM rule_packs WHERE kind = $1 AND version = $2',
    [pack.kind, pack.version],
  );
  if (existing) {
    if (JSON.stringify(existing.body) === JSON.stringify(pack.body)) return { rev: Number(existing.rev), created: false };
    throw new AppError('conflict', `${pack.kind} ${pack.version} exists with other content; publish a new version`);
  }
  const [row] = await db.query<{ rev: string | number }>(
    'INSERT INTO rule_packs (kind, version, effective_from, body) VALUES ($1, $2, $3, $4::text::jsonb) RETURNING rev',
    [pack.kind, pack.version, pack.effectiveFrom, JSON.stringify(pack.body)],
  );
  return { rev: Number(row?.rev), created: true };
}

export async function rulePacksSince(db: Db, since: number): Promise<{ packs: StoredRulePack[]; latest: number }> {
  const rows = await db.query<{ rev: string | number; kind: string; version: string; effective_from: string; body: unknown }>(
    `SELECT rev, kind, version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, body
       FROM rule_packs WHERE rev > $1 ORDER BY rev`,
    [since],
  );
  const packs = rows.map((r) => ({ rev: Number(r.rev), kind: r.kind, version: r.version, effectiveFrom: r.effective_from, body: r.body }));
  return { packs, latest: packs.at(-1)?.rev ?? since };
}

const unitSchema = z.object({
  code: unitCodeSchema,
  name: z.string().min(1).max(300),
  parentCode: unitCodeSchema.optional(),
});
const unitFileSchema = z.union([z.array(unitSchema), z.object({ units: z.array(unitSchema) }).transform((f) => f.units)]);

/** Units from a plain list, or from an agencies pack (which is then also stored as a pack). */
export async function unitImport(db: Db, json: unknown): Promise<{ count: number; pack?: { rev: number; created: boolean } }> {
  if (typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'agencies') {
    const pack = rulePackFromFile(json, 'agencies');
    const agencies = (pack.body as { agencies: Array<{ code: string; name: string; parentCode: string | null }> }).agencies;
    const units = agencies.map((a) => ({ code: a.code, name: a.name, ...(a.parentCode ? { parentCode: a.parentCode } : {}) }));
    const { count } = await unitImport(db, units);
    return { count, pack: await rulePackImport(db, pack) };
  }
  const parsed = unitFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('validation-failed', `units file: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  await db.transaction(async (tx) => {
    for (const u of parsed.data) {
      await tx.query(
        `INSERT INTO units (code, name, parent_code, body) VALUES ($1, $2, $3, $4::text::jsonb)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, body = EXCLUDED.body`,
        [u.code, u.name, u.parentCode ?? null, JSON.stringify(u)],
      );
    }
  });
  return { count: parsed.data.length };
}
