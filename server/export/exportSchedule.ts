import { AppError } from '../../shared/contract/errors.js';
import { isoFromDay, vnWall } from '../../shared/domain/time/vnTime.js';
import type { DbQuery } from '../db/db.js';
import { exportConnectorFolder, exportConnectorLoad, type ExportConnector } from './connector.js';
import { exportRun, type ExportResult } from './dvcqgRun.js';

// The server's outbound export job: every interval it sends yesterday and today (Vietnamese days)
// through the connector. DongBoHoSoMC is sent with isUpdating=true and the folder connector writes
// the same file names for the same period, so a repeated run replaces instead of duplicating.

export interface ExportSchedule {
  runNow(): Promise<ExportResult>;
  stop(): void;
}

export function exportScheduleStart(
  db: DbQuery,
  connector: ExportConnector,
  options: { intervalMs?: number; nowMs?: () => number; onError?: (err: unknown) => void } = {},
): ExportSchedule {
  const nowMs = options.nowMs ?? Date.now;
  let running: Promise<ExportResult> | null = null;
  const runNow = () => {
    running ??= (async () => {
      const today = vnWall(nowMs()).day;
      return exportRun(db, connector, { from: isoFromDay(today - 1), to: isoFromDay(today), nowIso: new Date(nowMs()).toISOString() });
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void runNow().catch((err: unknown) => options.onError?.(err)), options.intervalMs ?? 3_600_000);
  timer.unref();
  return { runNow, stop: () => clearInterval(timer) };
}

/**
 * Starts the job when MOTCUA_EXPORT_DIR (folder connector) or MOTCUA_EXPORT_CONNECTOR (plug-in
 * module; options from MOTCUA_EXPORT_CONNECTOR_OPTIONS as JSON) is set; otherwise does nothing.
 */
export async function exportScheduleFromEnv(db: DbQuery, env: Record<string, string | undefined>, log: (line: string) => void = () => undefined): Promise<() => void> {
  let connector: ExportConnector | undefined;
  if (env.MOTCUA_EXPORT_CONNECTOR) {
    let options: Record<string, string>;
    try {
      options = env.MOTCUA_EXPORT_CONNECTOR_OPTIONS ? (JSON.parse(env.MOTCUA_EXPORT_CONNECTOR_OPTIONS) as Record<string, string>) : {};
    } catch {
      throw new AppError('validation-failed', 'MOTCUA_EXPORT_CONNECTOR_OPTIONS must be a JSON object');
    }
    connector = await exportConnectorLoad(env.MOTCUA_EXPORT_CONNECTOR, options);
  } else if (env.MOTCUA_EXPORT_DIR) connector = exportConnectorFolder(env.MOTCUA_EXPORT_DIR);
  if (!connector) return () => undefined;
  const minutes = Number(env.MOTCUA_EXPORT_INTERVAL_MIN ?? '60');
  if (!Number.isFinite(minutes) || minutes < 1) throw new AppError('validation-failed', 'MOTCUA_EXPORT_INTERVAL_MIN must be ≥ 1');
  const job = exportScheduleStart(db, connector, { intervalMs: minutes * 60_000, onError: (err) => log(`DVCQG export failed: ${err instanceof Error ? err.message : String(err)}`) });
  return job.stop;
}
