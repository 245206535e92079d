import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupCommands } from '../../../shared/contract/backup.js';
import { auditLogOpen, auditVerify } from '../../services/audit/auditLog.js';
import { backupServiceCreate } from '../../services/backup/backupService.js';
import { backupSettingsStoreCreate } from '../../services/backup/backupSettings.js';
import type { SecretSealer } from '../../services/keys/keyStore.js';
import { backupHandlers } from './backup.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'motcua-backup-h-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const ctx = { session: { userId: 'u1', userName: 'Quản trị', role: 'admin' as const, units: ['H29'] }, origin: 'test' as const };

describe('backup handlers', () => {
  it('create → restore through the contract schemas; audit keeps a summary and the chain stays intact', async () => {
    const dataDir = join(root, 'data');
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: { N: 1024, r: 8, p: 1 } });
    // A fresh log object per record: after a restore the file underneath is a different one.
    const audit = (entry: Record<string, unknown>) => auditLogOpen(join(dataDir, 'audit.log')).append(entry);
    const events: unknown[] = [];
    const settings = backupSettingsStoreCreate(dataDir, { seal: (b) => Buffer.from(b), open: (b) => Buffer.from(b) });
    const h = backupHandlers({ service, settings, audit, emit: (_n, p) => events.push(p) });
    await audit({ command: 'session:signIn' });
    await writeFile(join(dataDir, 'settings.json'), '{}');

    const dump = { format: 'motcua-db-dump', collections: { dossiers: [{ id: 'canary-dossier' }] } };
    const createArgs = backupCommands['backup:create'].args.parse({ dump, folder: join(root, 'usb'), passphrase: 'một hai ba bốn năm' });
    const made = backupCommands['backup:create'].result.parse(await h['backup:create'](createArgs, ctx));
    const listed = backupCommands['backup:list'].result.parse(await h['backup:list']({ folder: join(root, 'usb') }, ctx));
    expect(listed.backups.map((b) => b.path)).toEqual([made.path]);

    const restored = backupCommands['backup:restore'].result.parse(await h['backup:restore']({ path: made.path, passphrase: 'một hai ba bốn năm' }, ctx));
    expect(restored.dump).toEqual(dump);
    const verdict = await auditVerify(join(dataDir, 'audit.log'));
    // sign-in (in the backup) + the restore record; the create record stays in the set-aside folder.
    expect(verdict).toEqual({ ok: true, records: 2 });
    const { readFile } = await import('node:fs/promises');
    const log = await readFile(join(dataDir, 'audit.log'), 'utf8');
    expect(log).not.toContain('một hai ba');
    expect(log).not.toContain('canary-dossier');
    expect(events).toMatchObject([{ state: 'created' }, { state: 'restored' }]);
    expect(backupCommands['backup:create'].args.safeParse({ dump, folder: '', passphrase: 'x' }).success).toBe(false);
  });

  it('the daily backup uses the folder and the passphrase remembered through the keychain sealer', async () => {
    const dataDir = join(root, 'data');
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: { N: 1024, r: 8, p: 1 } });
    // A sealer that really transforms the bytes, as safeStorage does: the file never holds the passphrase.
    const sealer: SecretSealer = { seal: (b) => Buffer.from(b.map((x) => x ^ 0x5a)), open: (b) => Buffer.from(b.map((x) => x ^ 0x5a)) };
    const settings = backupSettingsStoreCreate(dataDir, sealer);
    const h = backupHandlers({ service, settings, audit: async () => undefined, emit: () => undefined });
    expect(await h['backup:status']({}, ctx)).toEqual({ folder: null, daily: false, hasPassphrase: false, lastAt: null });
    await expect(h['backup:create']({ dump: {}, folder: join(root, 'usb') }, ctx)).rejects.toMatchObject({ code: 'validation-failed' });
    const configureArgs = backupCommands['backup:configure'].args.parse({ folder: join(root, 'usb'), daily: true, passphrase: 'nhớ mật khẩu này' });
    expect(await h['backup:configure'](configureArgs, ctx)).toEqual({ folder: join(root, 'usb'), daily: true, hasPassphrase: true });
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(join(dataDir, 'keys', 'backup-passphrase.sealed'))).toString('utf8')).not.toContain('nhớ');
    const made = await h['backup:create']({ dump: { a: 1 }, folder: join(root, 'usb') }, ctx);
    expect(await service.verify(made.path, 'nhớ mật khẩu này')).toMatchObject({ files: 2 });
    expect((await h['backup:status']({}, ctx)).lastAt).not.toBeNull();
    expect(await h['backup:configure']({ folder: null, daily: false, passphrase: null }, ctx)).toEqual({ folder: null, daily: false, hasPassphrase: false });
  });
});
