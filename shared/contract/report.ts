import { z } from 'zod';
import { command } from './define.js';
import { stampSchema } from './dossier.js';

// Supervisors' end of day: the same table report exported to XLSX and PDF, and the day's sign-off.

const cell = z.union([z.string().max(2000), z.number()]);
export const tableReportSchema = z.object({
  title: z.string().min(1).max(300),
  subtitle: z.string().max(500).default(''),
  sections: z
    .array(z.object({ heading: z.string().max(300), columns: z.array(z.string().max(200)).min(1).max(30), rows: z.array(z.array(cell).max(30)).max(20_000) }))
    .min(1)
    .max(20),
});
export type TableReport = z.input<typeof tableReportSchema>;

const fileResult = z.object({ fileName: z.string(), dataBase64: z.string(), bytes: z.number().int() });
const supervisors = ['supervisor', 'admin'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const dvcqgDossier = z.object({
  id: z.string().min(1).max(128),
  /** The dossier document as this workstation holds it (its projection is what is mapped). */
  doc: z.record(z.string(), z.unknown()),
  files: z
    .array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), name: z.string().max(300), componentCode: z.string().max(64).nullable(), role: z.enum(['component', 'result']).optional(), deleted: z.boolean().optional() }))
    .max(1000),
});

export const reportCommands = {
  'report:dvcqg': command({
    summary: 'The units’ dossiers of a period as a DongBoHoSoMC file for the national portal; dossiers with unknown or retired procedure codes are held back with the reason',
    args: z.object({ unitId: z.string().min(1).max(64), from: isoDate, to: isoDate, dossiers: z.array(dvcqgDossier).max(100_000) }),
    result: fileResult.extend({
      accepted: z.number().int(),
      held: z.array(z.object({ dossierId: z.string(), code: z.string().nullable(), procedureCode: z.string().nullable(), reason: z.string(), message: z.string() })),
    }),
    roles: supervisors,
  }),
  'report:xlsx': command({ summary: 'A table report as an Excel workbook', args: tableReportSchema, result: fileResult, roles: supervisors }),
  'report:pdf': command({ summary: 'A table report as an A4 PDF', args: tableReportSchema, result: fileResult, roles: supervisors }),
  'day:signOff': command({
    summary: 'Sign off a unit’s day: who, when, and the fingerprint of the figures signed',
    args: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), summarySha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    result: stampSchema,
    roles: ['supervisor'],
    audit: true,
  }),
} as const;
