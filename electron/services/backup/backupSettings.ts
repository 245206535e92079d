import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import { fileWriteAtomic } from '../fsAtomic.js';
import type { SecretSealer } from '../keys/keyStore.js';

// Where the daily backup goes, and its passphrase sealed with the OS keychain (Electron's
// safeStorage), so the daily backup runs without asking. The backup file itself is keyed by the
// passphrase only: the keychain just remembers it on this machine.

export interface BackupSettings {
  folder: string | null;
  daily: boolean;
  hasPassphrase: boolean;
}

export interface BackupSettingsStore {
  get(): Promise<BackupSettings>;
  save(update: { folder: string | null; daily: boolean; passphrase?: string | null }): Promise<BackupSettings>;
  passphrase(): Promise<string | null>;
}

export function backupSettingsStoreCreate(dataDir: string, sealer: SecretSealer): BackupSettingsStore {
  const settingsPath = join(dataDir, 'backup.json');
  const secretPath = join(dataDir, 'keys', 'backup-passphrase.sealed');
  const passphrase = async (): Promise<string | null> => {
    try {
      return sealer.open(await readFile(secretPath)).toString('utf8');
    } catch {
      return null;
    }
  };
  const get = async (): Promise<BackupSettings> => {
    let stored: { folder?: unknown; daily?: unknown } = {};
    try {
      stored = JSON.parse(await readFile(settingsPath, 'utf8')) as typeof stored;
    } catch {
      // Not configured yet (or unreadable): daily backup off until saved again.
    }
    return {
      folder: typeof stored.folder === 'string' ? stored.folder : null,
      daily: stored.daily === true,
      hasPassphrase: (await passphrase()) !== null,
    };
  };
  return {
    get,
    passphrase,
    async save(update) {
      if (update.daily && !update.folder) throw new AppError('validation-failed', 'Sao lưu hằng ngày cần thư mục', { field: 'folder' });
      await fileWriteAtomic(settingsPath, JSON.stringify({ folder: update.folder, daily: update.daily }));
      if (update.passphrase === null) await rm(secretPath, { force: true });
      else if (update.passphrase !== undefined) await fileWriteAtomic(secretPath, sealer.seal(Buffer.from(update.passphrase, 'utf8')));
      return get();
    },
  };
}
