import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupCommands } from '../../../shared/contract/backup.js';
import { auditLogOpen, auditVerify } from '../../services/audit/auditLog.js';
import { backupServiceCreate } from '../../services/backup/backupService.js';
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
    const h = backupHandlers({ service, audit, emit: (_n, p) => events.push(p) });
    await audit({ command: 'session:signIn' });
    await writeFile(join(dataDir, 'settings.json'), '{}');

    const dump = { format: 'motcua-db-dump', collections: { dossiers: [{ id: 'd1' }] } };
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
    expect(log).not.toContain('d1');
    expect(events).toMatchObject([{ state: 'created' }, { state: 'restored' }]);
    expect(backupCommands['backup:create'].args.safeParse({ dump, folder: '', passphrase: 'x' }).success).toBe(false);
  });
});
