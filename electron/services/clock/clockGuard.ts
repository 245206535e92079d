import type { ClockStatus } from '../../../shared/contract/clock.js';
import { AppError } from '../../../shared/contract/errors.js';
import { BUILT_IN_YEARS } from '../../../shared/domain/calendar/builtIn.js';
import type { RulePackStore } from '../rulepacks/rulePackStore.js';
import type { Clock } from './clock.js';
import { clockProblems } from './clockTrust.js';

export interface ClockGuard {
  status(): Promise<ClockStatus>;
  /** Throws `clock-untrusted` with the problems unless the clock is trusted or overridden. */
  check(): Promise<void>;
}

function localIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function clockGuardCreate(clock: Clock, rulePacks: RulePackStore, boundMs: number): ClockGuard {
  async function validity(): Promise<{ validFrom: string; validTo: string }> {
    const packs = await rulePacks.all().catch(() => null);
    const froms = packs?.catalogues.map((c) => c.validFrom) ?? [];
    const years = packs?.calendars.flatMap((c) => c.years.map((y) => y.year)) ?? [];
    const lastYear = years.length ? Math.max(...years) : BUILT_IN_YEARS.to;
    return { validFrom: froms.length ? froms.sort()[0]! : `${BUILT_IN_YEARS.from}-01-01`, validTo: `${lastYear}-12-31` };
  }
  async function status(): Promise<ClockStatus> {
    const state = await clock.state();
    const pcNowMs = clock.pcNow();
    const problems = clockProblems({ pcNowMs, serverOffsetMs: state.serverOffsetMs, lastIssuedMs: state.lastIssuedMs, boundMs, ...(await validity()) });
    const override = state.override && Date.parse(state.override.until) > pcNowMs + (state.serverOffsetMs ?? 0) ? state.override : null;
    return {
      trusted: problems.length === 0 || override !== null,
      problems,
      pcNow: localIso(pcNowMs),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      offsetMs: state.serverOffsetMs,
      measuredAt: state.measuredAt,
      override,
    };
  }
  return {
    status,
    async check() {
      const s = await status();
      if (!s.trusted) {
        throw new AppError('clock-untrusted', s.problems.map((p) => p.message).join(' '), { problems: s.problems });
      }
    },
  };
}
