import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { vnIsoFormat } from '../../../shared/domain/time/vnTime.js';
import { fileWriteAtomic } from '../fsAtomic.js';

// The workstation's clock for legal records. Event times never go backwards on one workstation,
// even across restarts (the last issued time is persisted); a server offset, when measured at a
// sync, corrects the PC clock. All records are written in Asia/Ho_Chi_Minh whatever the PC's zone.

const overrideSchema = z.object({ userId: z.string(), userName: z.string(), reason: z.string(), at: z.string(), until: z.string() });

const stateSchema = z.object({
  lastIssuedMs: z.number(),
  serverOffsetMs: z.number().nullable(),
  measuredAt: z.string().nullable(),
  override: overrideSchema.nullable().default(null),
});
type ClockState = z.infer<typeof stateSchema>;

export interface ClockReading {
  ms: number;
  at: string;
  local: string;
  timeZone: string;
  serverOffsetMs: number | null;
}

export interface Clock {
  /** A reading for a new event, strictly after the last one issued here. */
  issue(): Promise<ClockReading>;
  offsetRecord(offsetMs: number, measuredAt: Date): Promise<void>;
  overrideRecord(override: z.infer<typeof overrideSchema>): Promise<void>;
  state(): Promise<ClockState>;
  /** The PC's own clock (injected so tests can play a wrong one). */
  pcNow(): number;
}

function localIso(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number): string => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  return `${wall}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

export function clockCreate(dataDir: string, now: () => number = Date.now): Clock {
  const path = join(dataDir, 'clock.json');
  let chain: Promise<unknown> = Promise.resolve();
  async function state(): Promise<ClockState> {
    try {
      return stateSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      return { lastIssuedMs: 0, serverOffsetMs: null, measuredAt: null, override: null };
    }
  }
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };
  return {
    state,
    pcNow: now,
    overrideRecord: (override) =>
      serial(async () => {
        const s = await state();
        await fileWriteAtomic(path, JSON.stringify({ ...s, override }));
      }),
    offsetRecord: (offsetMs, measuredAt) =>
      serial(async () => {
        const s = await state();
        await fileWriteAtomic(path, JSON.stringify({ ...s, serverOffsetMs: offsetMs, measuredAt: measuredAt.toISOString() }));
      }),
    issue: () =>
      serial(async () => {
        const s = await state();
        const pc = now();
        const corrected = pc + (s.serverOffsetMs ?? 0);
        // Never backwards on this workstation, even across restarts (a clock that ran back is
        // refused by the trust guard before a command gets here, unless a supervisor overrode it).
        const ms = Math.max(corrected, s.lastIssuedMs + 1);
        await fileWriteAtomic(path, JSON.stringify({ ...s, lastIssuedMs: ms }));
        return {
          ms,
          at: vnIsoFormat(ms),
          local: localIso(pc),
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          serverOffsetMs: s.serverOffsetMs,
        };
      }),
  };
}
