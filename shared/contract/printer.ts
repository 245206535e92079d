import { z } from 'zod';
import { printModes, printerProfiles } from '../escpos/profiles.js';
import { printerTargetParse } from '../escpos/target.js';
import { command, event } from './define.js';

// Receipt printers (ESC/POS thermal, 58/80 mm): settings, status, the print queue and
// printing the Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Printing is queued: `receipt:print`
// returns as soon as the job is queued, never waits for paper.

const profileNames = printerProfiles.map((p) => p.name) as [string, ...string[]];

export const printerTargetSchema = z
  .string()
  .trim()
  .min(3)
  .max(300)
  .refine(
    (t) => {
      try {
        printerTargetParse(t);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'Địa chỉ máy in phải có dạng serial:/dev/ttyUSB0?baud=9600, tcp:192.168.1.50:9100 hoặc spool:<tên máy in>' },
  );

export const printModeSchema = z.enum(printModes);

export const printerSettingsSchema = z.object({
  target: printerTargetSchema,
  profile: z.enum(profileNames),
  /** Override of the profile's paper: 384 dots = 58 mm, 576 = 80 mm. */
  paperDots: z.union([z.literal(384), z.literal(576)]).optional(),
  mode: z.union([z.literal('auto'), printModeSchema]).default('auto'),
  /** 2 = "Liên 1: Lưu" and "Liên 2: Giao người nộp hồ sơ". */
  copies: z.union([z.literal(1), z.literal(2)]).default(1),
  /** Ask DLE EOT before and after each job; off for printers wired transmit-only. */
  statusCheck: z.boolean().default(true),
});
export type PrinterSettings = z.output<typeof printerSettingsSchema>;

export const printerStateSchema = z.enum(['ready', 'printer-offline', 'printer-paper-out', 'printer-cover-open', 'unknown']);
export type PrinterState = z.infer<typeof printerStateSchema>;

export const printJobSchema = z.object({
  id: z.string(),
  dossierCode: z.string(),
  target: z.string(),
  mode: printModeSchema,
  bytes: z.number().int(),
  state: z.enum(['queued', 'printing', 'done', 'failed']),
  attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PrintJobView = z.infer<typeof printJobSchema>;

export const serialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
});
export type SerialPortInfo = z.infer<typeof serialPortInfoSchema>;

export const printerProfileInfoSchema = z.object({
  name: z.string(),
  label: z.string(),
  paperDots: z.number().int(),
  modes: z.array(printModeSchema),
  defaultMode: printModeSchema,
});
export type PrinterProfileInfo = z.infer<typeof printerProfileInfoSchema>;

const printResultSchema = z.object({
  jobs: z.array(printJobSchema),
  mode: printModeSchema,
  bytes: z.number().int(),
  /** Time on the wire at the configured baud (serial), for the clerk's patience. */
  wireSeconds: z.number().nullable(),
});

const clerks = ['clerk', 'postal', 'supervisor', 'admin'] as const;

export const printerCommands = {
  'printer:list': command({
    summary: 'Serial ports found, printer profiles, current settings and the print queue',
    args: z.object({}),
    result: z.object({
      ports: z.array(serialPortInfoSchema),
      profiles: z.array(printerProfileInfoSchema),
      settings: printerSettingsSchema.nullable(),
      jobs: z.array(printJobSchema),
    }),
    roles: clerks,
  }),
  'printer:configure': command({
    summary: 'Save the receipt printer settings (port or address, profile, paper, mode, copies)',
    args: printerSettingsSchema,
    result: printerSettingsSchema,
    roles: ['supervisor', 'admin', 'clerk'],
    audit: true,
  }),
  'printer:status': command({
    summary: 'Ask the printer (DLE EOT) whether it is ready, offline, out of paper or open',
    args: z.object({ target: printerTargetSchema.optional() }),
    result: z.object({ target: z.string(), state: printerStateSchema, paperNearEnd: z.boolean() }),
    roles: clerks,
  }),
  'receipt:print': command({
    summary: 'Queue the receipt of a dossier (first print or reprint); returns when queued',
    // The dossier lives in the renderer's database: the caller hands over its export ({ dossier, events }),
    // validated in the main process by the receipt mapper.
    args: z.object({
      export: z.unknown().refine((v) => v !== undefined && v !== null, 'Thiếu dữ liệu hồ sơ (export)'),
      copies: z.union([z.literal(1), z.literal(2)]).optional(),
    }),
    result: printResultSchema,
    roles: clerks,
    audit: true,
  }),
  'printer:testPrint': command({
    summary: 'Print a test page (every Vietnamese tone, a QR) with the given or saved settings',
    args: printerSettingsSchema.partial(),
    result: printResultSchema,
    roles: clerks,
  }),
} as const;

export const printerEvents = {
  'printer:changed': event({
    summary: 'A print job changed state, or the printer settings were saved',
    payload: z.object({ job: printJobSchema.optional(), settings: printerSettingsSchema.optional() }),
  }),
} as const;
