import { z } from 'zod';
import { isoDateSchema, packHeaderShape } from './common.js';

// Agency directory (mã định danh điện tử, Decision 20/2020/QĐ-TTg as amended by 09/2025) with the
// pre/post 01/07/2025 mapping (§4.1, §10): districts ended on 30/06/2025 and their communes were merged;
// an old code keeps its meaning for historical dossiers and points at its successor. Never derive
// meaning from the code itself.

export const agencySchema = z.object({
  code: z.string().regex(/^[A-Z0-9.]{3,20}$/, 'Mã cơ quan gồm chữ in hoa, chữ số, dấu chấm'),
  name: z.string().min(2).max(300),
  parentCode: z.string().nullable(),
  level: z.enum(['province', 'province-department', 'province-center', 'district', 'commune', 'commune-center', 'special']),
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable().default(null),
  successorCode: z.string().nullable().default(null),
});
export type Agency = z.infer<typeof agencySchema>;

export const agencyPackSchema = z
  .object({
    kind: z.literal('agencies'),
    ...packHeaderShape,
    agencies: z.array(agencySchema),
  })
  .superRefine((p, ctx) => {
    const codes = new Set(p.agencies.map((a) => a.code));
    p.agencies.forEach((a, i) => {
      if (a.parentCode !== null && !codes.has(a.parentCode)) ctx.addIssue({ code: 'custom', path: ['agencies', i, 'parentCode'], message: `Không có cơ quan cha ${a.parentCode}` });
      if (a.successorCode !== null && !codes.has(a.successorCode)) ctx.addIssue({ code: 'custom', path: ['agencies', i, 'successorCode'], message: `Không có cơ quan kế thừa ${a.successorCode}` });
    });
    if (codes.size !== p.agencies.length) ctx.addIssue({ code: 'custom', path: ['agencies'], message: 'Mã cơ quan bị trùng' });
  });
export type AgencyPack = z.infer<typeof agencyPackSchema>;

/** The agency that carries an old code's work on a date (follows successor links, cycle-safe). */
export function agencyCurrent(pack: AgencyPack, code: string, date: string): Agency | undefined {
  const byCode = new Map(pack.agencies.map((a) => [a.code, a]));
  let a = byCode.get(code);
  const seen = new Set<string>();
  while (a && a.validTo !== null && a.validTo <= date && a.successorCode && !seen.has(a.code)) {
    seen.add(a.code);
    a = byCode.get(a.successorCode);
  }
  return a;
}

/** Units under an agency (itself included) valid on a date: a supervisor's scope is such a set. */
export function agencySubtree(pack: AgencyPack, code: string, date: string): Agency[] {
  const valid = pack.agencies.filter((a) => a.validFrom <= date && (a.validTo === null || date < a.validTo));
  const out: Agency[] = [];
  const walk = (c: string) => {
    for (const a of valid) if (a.code === c || a.parentCode === c) if (!out.includes(a)) { out.push(a); if (a.code !== c) walk(a.code); }
  };
  walk(code);
  return out;
}
