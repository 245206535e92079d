import { z } from 'zod';
import { command, event } from './define.js';

// Backup and restore of one workstation. The database lives in the renderer, so the renderer
// dumps its collections and hands the dump over; main encrypts it together with the data folder
// (settings, users, audit log, keys, file store). These commands are not `audit: true`: the
// router would write the whole dump into the audit log; the handlers audit a summary instead.

const folderSchema = z.string().trim().min(1, 'Chưa chọn thư mục sao lưu').max(1024);
const passphraseSchema = z.string().min(10, 'Mật khẩu sao lưu phải có ít nhất 10 ký tự').max(1024);
/** The renderer's dump (renderer/features/backup/dbDump.ts); checked again on import. */
const dumpSchema = z.record(z.string(), z.unknown());

export const backupInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  createdAt: z.string(),
  appVersion: z.string(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

export const backupSettingsSchema = z.object({
  folder: z.string().nullable(),
  daily: z.boolean(),
  /** A passphrase is remembered (sealed with the OS keychain) for the daily backup. */
  hasPassphrase: z.boolean(),
});

export const backupCommands = {
  'backup:status': command({
    summary: 'The daily backup settings and when the newest backup in the folder was made',
    args: z.object({}),
    result: backupSettingsSchema.extend({ lastAt: z.string().nullable() }),
    roles: ['clerk', 'supervisor', 'admin'],
  }),
  'backup:configure': command({
    summary: 'Set the backup folder, daily backup on/off, and remember (or forget, null) the passphrase',
    args: z.object({ folder: folderSchema.nullable(), daily: z.boolean(), passphrase: passphraseSchema.nullable().optional() }),
    result: backupSettingsSchema,
    roles: ['supervisor', 'admin'],
    audit: true,
  }),
  'backup:create': command({
    summary: 'Encrypt the database dump and the data folder into a backup file in the chosen folder (passphrase: given or remembered)',
    args: z.object({ dump: dumpSchema, folder: folderSchema, passphrase: passphraseSchema.optional() }),
    result: z.object({ path: z.string(), bytes: z.number().int().nonnegative(), files: z.number().int().nonnegative() }),
    roles: ['clerk', 'supervisor', 'admin'],
  }),
  'backup:list': command({
    summary: 'Backups in a folder, newest first (read from their plain header, no passphrase)',
    args: z.object({ folder: folderSchema }),
    result: z.object({ backups: z.array(backupInfoSchema) }),
    roles: ['clerk', 'supervisor', 'admin'],
  }),
  'backup:restore': command({
    summary: 'Verify a backup completely, then replace the data folder; returns the dump for the renderer to import',
    args: z.object({ path: z.string().min(1).max(1024), passphrase: passphraseSchema }),
    result: z.object({ dump: dumpSchema, files: z.number().int().nonnegative(), previousDir: z.string().nullable() }),
    roles: ['supervisor', 'admin'],
  }),
} as const;

export const backupEvents = {
  'backup:changed': event({
    summary: 'A backup was made, or the daily backup is due (the renderer then dumps and calls backup:create)',
    payload: z.object({
      state: z.enum(['due', 'created', 'restored']),
      folder: z.string().optional(),
      path: z.string().optional(),
      lastAt: z.string().nullable().optional(),
    }),
  }),
} as const;
