import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { settingsSchema, type Settings } from '../../../shared/contract/app.js';
import { AppError } from '../../../shared/contract/errors.js';
import { fileWriteAtomic } from '../fsAtomic.js';
import { serverCaCheck } from '../serverLink/serverTrust.js';

const storedSchema = settingsSchema.extend({ workstationId: z.string().min(8) });
export type StoredSettings = z.infer<typeof storedSchema>;

/** The workstation's own settings file (first-run setup). A broken file is a fatal start-up error. */
export interface SettingsStore {
  get(): Promise<StoredSettings | null>;
  save(settings: Settings): Promise<StoredSettings>;
}

export function settingsStoreCreate(dataDir: string): SettingsStore {
  const path = join(dataDir, 'settings.json');
  async function get(): Promise<StoredSettings | null> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new AppError('settings-corrupt', `Không đọc được tệp cấu hình ${path}`, { path });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('settings-corrupt', `Tệp cấu hình ${path} bị hỏng (không phải JSON)`, { path });
    }
    const parsed = storedSchema.safeParse(json);
    if (!parsed.success) {
      throw new AppError('settings-corrupt', `Tệp cấu hình ${path} sai khuôn dạng`, {
        path,
        field: parsed.error.issues[0]?.path.join('.') ?? '',
      });
    }
    return parsed.data;
  }
  return {
    get,
    async save(settings) {
      let workstationId: string = randomUUID();
      try {
        workstationId = (await get())?.workstationId ?? workstationId;
      } catch {
        // A corrupt file is being replaced by a fresh setup: keep the new id.
      }
      const parsed = settingsSchema.parse(settings);
      // A pinned CA must be a CA certificate that is valid now (server-ca-invalid otherwise).
      if (parsed.serverCaPem) parsed.serverCaPem = serverCaCheck(parsed.serverCaPem);
      const stored = { ...parsed, workstationId };
      await fileWriteAtomic(path, JSON.stringify(stored, null, 2));
      return stored;
    },
  };
}
