import { z } from 'zod';
import type { LinkStatus } from '../../../shared/contract/link.js';
import { AppError } from '../../../shared/contract/errors.js';
import { isoInstantParse } from '../../../shared/domain/time/vnTime.js';

// Checks the provincial server's clock endpoint: reachability for the status bar, and the
// round-trip-corrected offset between the server clock and this PC's clock.

const timeSchema = z.object({ now: z.string() });

export interface ServerLink {
  status(): LinkStatus;
  check(): Promise<LinkStatus>;
  start(intervalMs: number): void;
  stop(): void;
}

export interface ServerLinkDeps {
  serverUrl: () => Promise<string | null>;
  onChange: (status: LinkStatus) => void;
  onOffset: (offsetMs: number, at: Date) => Promise<void>;
  timeoutMs: number;
  now?: () => number;
  /** The server's HTTPS trust (serverTrust.ts): pinned CA or system store, no plain HTTP. */
  fetchImpl: (url: string, init?: RequestInit) => Promise<Response>;
}

export function serverLinkCreate(deps: ServerLinkDeps): ServerLink {
  const now = deps.now ?? Date.now;
  const fetchImpl = deps.fetchImpl;
  let current: LinkStatus = { online: false, checkedAt: null, offsetMs: null, error: null };
  let timer: NodeJS.Timeout | null = null;

  function update(next: LinkStatus): LinkStatus {
    const changed = next.online !== current.online || next.offsetMs !== current.offsetMs || next.error !== current.error;
    current = next;
    if (changed) deps.onChange(next);
    return next;
  }

  async function check(): Promise<LinkStatus> {
    const base = await deps.serverUrl();
    const checkedAt = new Date(now()).toISOString();
    if (!base) return update({ online: false, checkedAt, offsetMs: null, error: 'not-configured' });
    const sent = now();
    try {
      const response = await fetchImpl(new URL('/api/time', base).href, { signal: AbortSignal.timeout(deps.timeoutMs) });
      const received = now();
      if (!response.ok) return update({ online: false, checkedAt, offsetMs: current.offsetMs, error: `HTTP ${response.status}` });
      const body = timeSchema.parse(await response.json());
      // The server read its clock about half-way through the round trip.
      const offsetMs = Math.round(isoInstantParse(body.now) - (sent + received) / 2);
      await deps.onOffset(offsetMs, new Date(received));
      return update({ online: true, checkedAt, offsetMs, error: null });
    } catch (err) {
      // A refused certificate shows as its stable code (`server-cert-untrusted`), not as "offline".
      const error = err instanceof AppError ? err.code : err instanceof Error ? err.message : String(err);
      return update({ online: false, checkedAt, offsetMs: current.offsetMs, error });
    }
  }

  return {
    status: () => current,
    check,
    start(intervalMs) {
      if (timer) return;
      void check();
      timer = setInterval(() => void check(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
