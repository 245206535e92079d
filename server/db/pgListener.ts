import pg from 'pg';

// The one LISTEN connection of a server instance. It lives outside the pool (a LISTEN must stay
// on one session, and holding a pooled client would starve the pool and hang `pool.end()`), and
// it survives the database: when PostgreSQL restarts, fails over or terminates the session
// (57P01), the client is dropped and a new one connects with back-off and LISTENs again. A
// NOTIFY sent while it was away is lost for good, so every reconnection is announced to the
// `onResume` handlers, which tell their clients to re-pull.

export interface ListenerBackoff {
  firstMs: number;
  maxMs: number;
}

export interface PgListener {
  /** LISTENs to `channel` (now, or as soon as the connection is back). */
  add(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Called after each reconnection, once every channel is LISTENed again. */
  onResume(handler: () => void): () => void;
  /** Whether the LISTEN session is up (false while reconnecting). */
  connected(): boolean;
  close(): Promise<void>;
}

export const listenerBackoffDefault: ListenerBackoff = { firstMs: 100, maxMs: 2000 };

const channelPattern = /^[a-z_][a-z0-9_]*$/;

export async function pgListenerStart(
  connectionString: string,
  options: { backoff?: ListenerBackoff; log?: (line: string) => void } = {},
): Promise<PgListener> {
  const backoff = options.backoff ?? listenerBackoffDefault;
  const log = options.log ?? (() => undefined);
  const channels = new Map<string, Set<(payload: string) => void>>();
  const resumeHandlers = new Set<() => void>();
  let client: pg.Client | undefined;
  let up = false;
  let closing = false;
  let delayMs = backoff.firstMs;
  let timer: NodeJS.Timeout | undefined;

  // A subscriber's failure must neither reach pg's socket handling nor stop the others.
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      log(`LISTEN subscriber failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const dispatch = (msg: pg.Notification) => {
    for (const handler of channels.get(msg.channel) ?? []) safely(() => handler(msg.payload ?? ''));
  };

  const lost = (from: pg.Client, err: Error | undefined) => {
    if (client !== from) return;
    client = undefined;
    up = false;
    from.removeAllListeners('notification');
    // A dropped client may still emit; the handler stays so such a late error cannot crash the process.
    void from.end().catch(() => undefined);
    if (closing) return;
    log(`database LISTEN connection lost (${err?.message ?? 'closed'}); reconnecting`);
    schedule();
  };

  const schedule = () => {
    if (closing || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect(true).catch(() => schedule());
    }, delayMs);
    delayMs = Math.min(delayMs * 2, backoff.maxMs);
  };

  const connect = async (resuming: boolean) => {
    // TCP keep-alive: a primary that vanished without a reset (failover, cut link) is noticed
    // within about a minute instead of the system's two hours.
    const next = new pg.Client({ connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    next.on('error', (err) => lost(next, err));
    next.on('end', () => lost(next, undefined));
    next.on('notification', dispatch);
    try {
      await next.connect();
      for (const channel of channels.keys()) await next.query(`LISTEN ${channel}`);
    } catch (err) {
      next.removeAllListeners('notification');
      await next.end().catch(() => undefined);
      throw err;
    }
    if (closing) {
      await next.end().catch(() => undefined);
      return;
    }
    // From here on a drop of `next` is a loss to recover from (before, the caller retries).
    client = next;
    delayMs = backoff.firstMs;
    if (resuming) {
      log('database LISTEN connection back');
      for (const handler of resumeHandlers) safely(handler);
    }
    up = true;
  };

  await connect(false);
  return {
    async add(channel, onPayload) {
      if (!channelPattern.test(channel)) throw new Error(`bad channel name ${channel}`);
      let handlers = channels.get(channel);
      if (!handlers) {
        handlers = new Set();
        channels.set(channel, handlers);
        if (up && client) await client.query(`LISTEN ${channel}`);
      }
      handlers.add(onPayload);
      return async () => {
        handlers.delete(onPayload);
        if (handlers.size > 0 || channels.get(channel) !== handlers) return;
        channels.delete(channel);
        if (up && client) await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
      };
    },
    onResume(handler) {
      resumeHandlers.add(handler);
      return () => resumeHandlers.delete(handler);
    },
    connected: () => up,
    async close() {
      closing = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const last = client;
      client = undefined;
      up = false;
      if (last) await last.end().catch(() => undefined);
    },
  };
}
