import { z } from 'zod';
import { AppError } from '../../contract/errors.js';
import { dayFromIso } from '../time/vnTime.js';

// Every rule pack (bộ quy tắc) is a versioned document with effective dates (§1, §16.2). A dossier
// stores the versions it was computed with, so a later pack never silently re-times it.

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD')
  .refine((s) => {
    try {
      dayFromIso(s);
      return true;
    } catch {
      return false;
    }
  }, 'Ngày không tồn tại');

export const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:MM');

export const packHeaderShape = {
  version: z.string().min(1).max(80),
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable().optional(),
  /** Sample data shipped for development; replaced by the province's import. */
  sample: z.boolean().default(false),
  source: z.string().max(500).optional(),
};

export interface PackHeader {
  version: string;
  validFrom: string;
  validTo?: string | null | undefined;
}

/** The pack in force on a date: validFrom ≤ date < validTo, latest validFrom wins. */
export function rulePackInForce<P extends PackHeader>(packs: readonly P[], date: string): P | undefined {
  let best: P | undefined;
  for (const p of packs) {
    if (p.validFrom > date) continue;
    if (p.validTo && p.validTo <= date) continue;
    if (!best || p.validFrom > best.validFrom) best = p;
  }
  return best;
}

/** The rule-pack versions a dossier was computed with. */
export const rulePackVersionsSchema = z.object({
  catalogue: z.string(),
  calendar: z.string(),
  agencies: z.string(),
  statusMapping: z.string(),
});
export type RulePackVersions = z.infer<typeof rulePackVersionsSchema>;

/** Validates outside data with a schema; failures become `validation-failed` with readable paths. */
export function schemaParse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`);
  throw new AppError('validation-failed', `${what} không hợp lệ: ${issues.join('; ')}`, { issues });
}
