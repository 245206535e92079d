import type { Db } from '../db/db.js';
import { syncNotifyChannel } from './syncStore.js';

// Fan-out of "something changed" to the live streams of this instance. Writers NOTIFY through
// PostgreSQL (every instance behind the load balancer LISTENs), and each interested stream is
// told RESYNC, after which its client pulls from its own checkpoint. Hints are coalesced so a
// burst of pushes costs one pull per client. When the LISTEN session comes back from a lost
// database connection, the hints sent meanwhile are gone: every open stream is told RESYNC.

export interface LiveSubscriber {
  collection: string;
  units: ReadonlySet<string>;
  notify(): void;
}

export interface LiveHub {
  subscribe(sub: LiveSubscriber): () => void;
  close(): Promise<void>;
}

export async function liveHubStart(db: Db, coalesceMs = 25): Promise<LiveHub> {
  const subs = new Set<LiveSubscriber>();
  const pending = new Set<LiveSubscriber>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    for (const s of pending) if (subs.has(s)) s.notify();
    pending.clear();
  };
  const unlisten = await db.listen(syncNotifyChannel, (payload) => {
    let hint: { c?: unknown; u?: unknown };
    try {
      hint = JSON.parse(payload) as { c?: unknown; u?: unknown };
    } catch {
      return;
    }
    const units = Array.isArray(hint.u) ? hint.u.filter((u): u is string => typeof u === 'string') : [];
    for (const s of subs) {
      if (s.collection === hint.c && units.some((u) => s.units.has(u))) pending.add(s);
    }
    if (pending.size > 0) timer ??= setTimeout(flush, coalesceMs);
  }, () => {
    // At once, not coalesced: by the time the database reports healthy, every stream has been told.
    for (const s of subs) s.notify();
    pending.clear();
  });
  return {
    subscribe(sub) {
      subs.add(sub);
      return () => {
        subs.delete(sub);
        pending.delete(sub);
      };
    },
    async close() {
      if (timer) clearTimeout(timer);
      subs.clear();
      await unlisten();
    },
  };
}
