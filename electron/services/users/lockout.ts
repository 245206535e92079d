// Sign-in back-off: after 3 failed attempts for one name, each further attempt waits twice as
// long as the last (5 s, 10 s, 20 s … capped at 15 min). A success clears the count.

export interface Lockout {
  /** Milliseconds still to wait before this name may try again (0 = may try now). */
  waitMs(key: string): number;
  failed(key: string): void;
  succeeded(key: string): void;
}

export function lockoutCreate(now: () => number = Date.now, freeAttempts = 3, baseMs = 5_000, capMs = 15 * 60_000): Lockout {
  const state = new Map<string, { failures: number; until: number }>();
  return {
    waitMs(key) {
      const entry = state.get(key);
      return entry ? Math.max(0, entry.until - now()) : 0;
    },
    failed(key) {
      const failures = (state.get(key)?.failures ?? 0) + 1;
      const delay = failures <= freeAttempts ? 0 : Math.min(capMs, baseMs * 2 ** (failures - freeAttempts - 1));
      state.set(key, { failures, until: now() + delay });
    },
    succeeded(key) {
      state.delete(key);
    },
  };
}
