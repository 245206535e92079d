import { z } from 'zod';
import { durationUnits } from '../deadline/dueDate.js';
import { hhmmSchema, isoDateSchema, packHeaderShape } from './common.js';

// Procedure catalogue (danh mục TTHC, §4.4, §6.2, §11). The national code (mã TTHC, e.g. 2.000815) is
// an opaque key from the National TTHC Database; local variants may add a province suffix (1.000948.H38).

export const nationalCodeSchema = z.string().regex(/^\d\.\d{6}(\.[A-Z]\d{2})?$/, 'Mã TTHC có dạng N.NNNNNN');

export const durationSchema = z.object({
  value: z.number().min(0),
  unit: z.enum(durationUnits),
});

export const componentSchema = z.object({
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(400),
  /** bản chính / bản sao / bản sao chứng thực / bản chụp */
  kind: z.enum(['original', 'copy', 'certified-copy', 'photocopy']),
  quantity: z.number().int().min(1).max(99),
  required: z.boolean().default(true),
});

const feeTierSchema = z.object({ from: z.number().int().min(1), to: z.number().int().min(1).nullable(), amount: z.number().int().min(0) });

/** Fee rule (phí, lệ phí): fixed per dossier or copy, tiered per unit (e.g. per page), or free. */
export const feeRuleSchema = z.object({
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(300),
  type: z.enum(['phi', 'le-phi']),
  rule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('free') }),
    z.object({ kind: z.literal('fixed'), amount: z.number().int().min(0), per: z.enum(['dossier', 'copy']).default('dossier') }),
    z.object({
      kind: z.literal('tiered'),
      unitName: z.string(),
      tiers: z.array(feeTierSchema).min(1),
      maxPerCopy: z.number().int().min(0).nullable().default(null),
    }),
  ]),
  exemptions: z.array(z.string()).default([]),
  legalBasis: z.string().max(300).optional(),
});
export type FeeRule = z.infer<typeof feeRuleSchema>;

export const procedureSchema = z.object({
  nationalCode: nationalCodeSchema.nullable(),
  localCode: z.string().min(1).max(40),
  name: z.string().min(3).max(500),
  sectorCode: z.string().min(1).max(40),
  sectorName: z.string().min(1).max(200),
  level: z.enum(['commune', 'province', 'central']),
  duration: durationSchema,
  sameDay: z.boolean().default(false),
  cutoffTime: hhmmSchema.nullable().default(null),
  components: z.array(componentSchema),
  fees: z.array(feeRuleSchema).default([]),
  onlineLevel: z.enum(['full', 'partial', 'none']),
  resultRequiresPaper: z.boolean(),
  steps: z.array(z.object({ name: z.string(), unit: z.string(), duration: durationSchema })).default([]),
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable().default(null),
});
export type Procedure = z.infer<typeof procedureSchema>;

export const cataloguePackSchema = z
  .object({
    kind: z.literal('catalogue'),
    ...packHeaderShape,
    procedures: z.array(procedureSchema),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.procedures.forEach((proc, i) => {
      if (seen.has(proc.localCode)) ctx.addIssue({ code: 'custom', path: ['procedures', i, 'localCode'], message: `Mã thủ tục trùng: ${proc.localCode}` });
      seen.add(proc.localCode);
    });
  });
export type CataloguePack = z.infer<typeof cataloguePackSchema>;

/** Amount of one fee for a copy count and unit count (e.g. pages); tiers apply per copy. */
export function feeCompute(fee: FeeRule, copies = 1, unitsPerCopy = 1): number {
  const r = fee.rule;
  if (r.kind === 'free') return 0;
  if (r.kind === 'fixed') return r.per === 'copy' ? r.amount * copies : r.amount;
  let perCopy = 0;
  for (let u = 1; u <= unitsPerCopy; u++) {
    const tier = r.tiers.find((t) => u >= t.from && (t.to === null || u <= t.to));
    perCopy += tier?.amount ?? 0;
  }
  if (r.maxPerCopy !== null) perCopy = Math.min(perCopy, r.maxPerCopy);
  return perCopy * copies;
}

/** The procedure valid on a date, by national or local code. */
export function procedureFind(pack: CataloguePack, code: string, date: string): Procedure | undefined {
  return pack.procedures.find(
    (p) => (p.nationalCode === code || p.localCode === code) && p.validFrom <= date && (p.validTo === null || date < p.validTo),
  );
}
