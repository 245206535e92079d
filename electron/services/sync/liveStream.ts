import { AppError } from '../../../shared/contract/errors.js';
import type { SyncCollectionName } from '../../../shared/contract/sync.js';
import type { SyncClient } from './syncClient.js';

// The server's live stream (SSE) per collection, read in the main process because it needs the
// access token; each `RESYNC` (one on every reconnect, one after each relevant write) is passed
// on to the renderer, whose replication then pulls from its checkpoint. Reconnects back off
// from 1 s to 30 s while the server is away.

export interface LiveStreams {
  start(): void;
  stop(): void;
  running(): boolean;
}

export function liveStreamsCreate(deps: {
  client: SyncClient;
  collections: readonly SyncCollectionName[];
  onResync: (collection: SyncCollectionName) => void;
}): LiveStreams {
  let controller: AbortController | null = null;

  async function follow(collection: SyncCollectionName, signal: AbortSignal): Promise<void> {
    let delay = 1000;
    while (!signal.aborted) {
      try {
        const res = await deps.client.raw(`/api/sync/${collection}/stream`, { signal, headers: { accept: 'text/event-stream' } });
        if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
        delay = 1000;
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (message.startsWith('data:') && message.includes('RESYNC')) deps.onResync(collection);
          }
        }
      } catch (err) {
        // A refused certificate or an outdated app stops the streams (no silent retry loop); the
        // next pull, once the trust is fixed or the app updated, starts them again. Otherwise the
        // link dropped or the token aged out: reconnect below with a fresh token.
        if (err instanceof AppError && (err.code === 'server-cert-untrusted' || err.details?.reason === 'outdated-client')) {
          if (controller?.signal === signal) {
            controller.abort();
            controller = null;
          }
          break;
        }
      }
      if (signal.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(30_000, delay * 2);
    }
  }

  return {
    start() {
      if (controller) return;
      controller = new AbortController();
      for (const collection of deps.collections) void follow(collection, controller.signal);
    },
    stop() {
      controller?.abort();
      controller = null;
    },
    running: () => controller !== null,
  };
}
