import { z } from 'zod';
import { command, event } from './define.js';

// Workstation identity and start-up: what the first-run setup writes and the shell reads.

export const agencyCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9.]{3,20}$/, 'Mã cơ quan gồm 3–20 chữ in hoa, chữ số hoặc dấu chấm (ví dụ 000.00.12.H29)');

export const settingsSchema = z.object({
  agencyCode: agencyCodeSchema,
  unitName: z.string().trim().min(3, 'Tên đơn vị quá ngắn').max(200),
  workstationName: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N} _.-]{2,40}$/u, 'Tên máy gồm 2–40 chữ, số, khoảng trắng, gạch ngang'),
  serverUrl: z
    .string()
    .trim()
    .url('Địa chỉ máy chủ không hợp lệ')
    .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), {
      message: 'Máy chủ phải dùng HTTPS (chỉ 127.0.0.1 được dùng HTTP)',
    }),
  /**
   * The provincial CA, pinned (PEM): when set, the app accepts only server certificates that
   * chain to it; empty or absent, the system trust store applies. The main process checks that
   * it parses as an X.509 CA certificate (`server-ca-invalid`).
   */
  serverCaPem: z
    .string()
    .trim()
    .max(64 * 1024, 'Tệp chứng chỉ CA quá lớn')
    .refine((pem) => pem === '' || pem.includes('-----BEGIN CERTIFICATE-----'), {
      message: 'Chứng chỉ CA phải ở dạng PEM (-----BEGIN CERTIFICATE-----)',
    })
    .optional(),
  /** Idle lock after this many minutes without input (default 5). */
  idleLockMinutes: z.number().int().min(1).max(120).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const appStatusSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  configured: z.boolean(),
  /** False until the first administrator exists: setup asks for one. */
  hasUsers: z.boolean(),
  settings: settingsSchema.extend({ workstationId: z.string() }).nullable(),
  now: z.string(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const appCommands = {
  'app:status': command({
    summary: 'Start-up status: version, host kind, workstation settings (throws settings-corrupt)',
    args: z.object({}),
    result: appStatusSchema,
  }),
  'setup:save': command({
    summary: 'First-run setup: agency code, unit, workstation name, server URL',
    args: settingsSchema,
    result: settingsSchema.extend({ workstationId: z.string() }),
    audit: true,
  }),
} as const;

export const appEvents = {
  'settings:changed': event({
    summary: 'Workstation settings were saved',
    payload: settingsSchema.extend({ workstationId: z.string() }),
  }),
} as const;
