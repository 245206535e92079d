import type { BackupService } from './backupService.js';

// The daily backup. The database lives in the renderer, so main cannot make the backup alone:
// the scheduler only notices that one is due (none in the chosen folder for a day) and calls
// `onDue`, which the app turns into a `backup:changed` event; the renderer then dumps its
// collections and calls `backup:create`. A missing USB stick just means "due" again next check.

export interface BackupSchedulerOptions {
  service: Pick<BackupService, 'lastAt'>;
  /** The configured folder, or null when daily backup is off. */
  folder: () => Promise<string | null>;
  onDue: (info: { folder: string; lastAt: string | null }) => void;
  intervalMs?: number;
  checkEveryMs?: number;
  now?: () => Date;
}

export interface BackupScheduler {
  /** Runs one check now; resolves true when a backup was due. */
  check(): Promise<boolean>;
  stop(): void;
}

export const dayMs = 24 * 60 * 60 * 1000;

export function backupSchedulerCreate(options: BackupSchedulerOptions): BackupScheduler {
  const interval = options.intervalMs ?? dayMs;
  const now = options.now ?? (() => new Date());
  let running = false;
  const check = async (): Promise<boolean> => {
    if (running) return false;
    running = true;
    try {
      const folder = await options.folder();
      if (!folder) return false;
      const last = await options.service.lastAt(folder);
      if (last && now().getTime() - last.getTime() < interval) return false;
      options.onDue({ folder, lastAt: last ? last.toISOString() : null });
      return true;
    } catch {
      return false;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 15 * 60 * 1000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
