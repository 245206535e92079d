import type { z } from 'zod';
import type { backupCommands, backupEvents } from '../../../shared/contract/backup.js';
import { AppError } from '../../../shared/contract/errors.js';
import type { BackupService } from '../../services/backup/backupService.js';
import type { BackupSettingsStore } from '../../services/backup/backupSettings.js';
import type { CallContext } from '../session.js';

// Handlers of the backup contract (shared/contract/backup.ts), typed from it directly so they
// type-check before the lead composes backupCommands into commands.ts.

type Cmds = typeof backupCommands;
type Args<K extends keyof Cmds> = z.output<Cmds[K]['args']>;
type Result<K extends keyof Cmds> = z.output<Cmds[K]['result']>;
type ChangedPayload = z.output<(typeof backupEvents)['backup:changed']['payload']>;

export interface BackupHandlerDeps {
  service: BackupService;
  settings: BackupSettingsStore;
  emit: (name: 'backup:changed', payload: ChangedPayload) => void;
  /** One summary record per backup or restore (never the dump, never the passphrase). */
  audit: (entry: Record<string, unknown>) => Promise<unknown>;
}

export function backupHandlers(deps: BackupHandlerDeps): { [K in keyof Cmds]: (args: Args<K>, ctx: CallContext) => Promise<Result<K>> } {
  const who = (ctx: CallContext): string | null => ctx.session?.userId ?? null;
  return {
    'backup:status': async () => {
      const settings = await deps.settings.get();
      const last = settings.folder ? await deps.service.lastAt(settings.folder) : null;
      return { ...settings, lastAt: last ? last.toISOString() : null };
    },
    'backup:configure': async (args) => deps.settings.save(args),
    'backup:create': async (args, ctx) => {
      const passphrase = args.passphrase ?? (await deps.settings.passphrase());
      if (!passphrase) throw new AppError('validation-failed', 'Chưa có mật khẩu sao lưu', { field: 'passphrase' });
      const made = await deps.service.create({ dump: args.dump, folder: args.folder, passphrase });
      await deps.audit({ command: 'backup:create', userId: who(ctx), ok: true, args: { folder: args.folder }, result: made });
      deps.emit('backup:changed', { state: 'created', folder: args.folder, path: made.path });
      return made;
    },
    'backup:list': async (args) => ({ backups: await deps.service.list(args.folder) }),
    'backup:restore': async (args, ctx) => {
      const restored = await deps.service.restore(args.path, args.passphrase);
      // Written into the restored folder's log: the chain continues from the backup's last record.
      await deps.audit({ command: 'backup:restore', userId: who(ctx), ok: true, args: { path: args.path }, result: { files: restored.files, previousDir: restored.previousDir } });
      deps.emit('backup:changed', { state: 'restored', path: args.path });
      return { dump: restored.dump as Record<string, unknown>, files: restored.files, previousDir: restored.previousDir };
    },
  };
}
