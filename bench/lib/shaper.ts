import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { seededRandom } from '../../tests/support/seededRandom.js';

// A shaping TCP proxy on 127.0.0.1 that makes loopback look like a commune's link.
//
// Model, per direction (upstream = workstation → server, downstream = back):
// - Bandwidth: one bottleneck per direction shared by every connection (a token bucket of depth
//   one segment): bytes are cut into MSS-sized segments, each leaves the bottleneck
//   `len × 8 ÷ bitsPerSec` after the previous one.
// - Delay: each segment reaches the other side RTT/2 after leaving the bottleneck.
// - Loss: TCP hides loss from the application, so a lost segment is modelled by what it costs:
//   with probability `lossRate` the segment is sent again one RTT later (fast retransmit after
//   duplicate ACKs), taking its bytes of bandwidth a second time, and — TCP delivers in order —
//   every later segment of that connection waits behind it (head-of-line stall). Congestion
//   control is NOT modelled: real TCP halves its window on each loss, which at 2 % loss and
//   300 ms RTT caps one connection near MSS/RTT × 1.22/√p ≈ 340 kbit/s (Mathis et al.); the
//   figures here are therefore a lower bound for one connection and fair for several.
// - Queue: the bottleneck buffers at most `queueMs` of data; beyond that the proxy stops reading
//   from the sender (TCP back-pressure), so a cut loses at most that much plus what is in flight.
// Counters: bytes per direction as they enter the proxy (what the sender put on the wire).

export interface LinkModel {
  bitsPerSec: number;
  rttMs: number;
  lossRate: number;
  mss: number;
  queueMs: number;
  seed: number;
}

export const communeLink: LinkModel = { bitsPerSec: 1_000_000, rttMs: 300, lossRate: 0.02, mss: 1448, queueMs: 250, seed: 7 };

export interface Shaper {
  port: number;
  url: string;
  stats: { upBytes: number; downBytes: number; connections: number; cuts: number; lost: number };
  /** Calls `hook` once as soon as the upstream byte count reaches `bytes`. */
  onUpBytes(bytes: number, hook: () => void): void;
  /** Cuts every open connection now (the link drops; queued bytes are lost). */
  cutAll(): void;
  close(): Promise<void>;
}

interface Bottleneck {
  /** performance.now() at which the bottleneck has sent everything given to it so far. */
  freeAt: number;
}

export async function shaperStart(targetPort: number, model: LinkModel): Promise<Shaper> {
  const random = seededRandom(model.seed);
  const msPerByte = 8000 / model.bitsPerSec;
  const links: Record<'up' | 'down', Bottleneck> = { up: { freeAt: 0 }, down: { freeAt: 0 } };
  const open = new Set<Socket>();
  const hooks: Array<{ bytes: number; hook: () => void }> = [];
  const shaper: Shaper = {
    port: 0,
    url: '',
    stats: { upBytes: 0, downBytes: 0, connections: 0, cuts: 0, lost: 0 },
    onUpBytes(bytes, hook) {
      hooks.push({ bytes, hook });
    },
    cutAll() {
      for (const s of open) {
        if (!s.destroyed) shaper.stats.cuts += 1;
        s.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        shaper.cutAll();
        server.close(() => resolve());
      }),
  };

  // One direction of one connection: segments wait for the shared bottleneck, then the delay.
  function pipe(from: Socket, to: Socket, dir: 'up' | 'down'): void {
    const link = links[dir];
    const queue: Array<{ at: number; data: Buffer }> = [];
    let lastAt = 0;
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      timer = null;
      const now = performance.now();
      while (queue.length > 0 && (queue[0]?.at ?? Infinity) <= now) {
        const seg = queue.shift();
        if (seg && !to.destroyed) to.write(seg.data);
      }
      if (from.isPaused() && link.freeAt - now < model.queueMs && !from.destroyed) from.resume();
      schedule();
    };
    const schedule = () => {
      if (timer) return;
      const now = performance.now();
      const head = queue[0];
      let wait = head ? Math.max(0, head.at - now) : Number.POSITIVE_INFINITY;
      // While paused for back-pressure (even with nothing of its own queued: other connections
      // may fill the bottleneck), look again when the bottleneck has drained below the limit.
      if (from.isPaused() && !from.destroyed) wait = Math.min(wait, Math.max(1, link.freeAt - now - model.queueMs));
      if (wait !== Number.POSITIVE_INFINITY) timer = setTimeout(flush, wait);
    };
    from.on('data', (chunk: Buffer) => {
      if (dir === 'up') {
        shaper.stats.upBytes += chunk.length;
        for (const h of hooks.splice(0)) {
          if (shaper.stats.upBytes >= h.bytes) setImmediate(h.hook);
          else hooks.push(h);
        }
      } else shaper.stats.downBytes += chunk.length;
      const now = performance.now();
      for (let off = 0; off < chunk.length; off += model.mss) {
        const data = chunk.subarray(off, off + model.mss);
        link.freeAt = Math.max(now, link.freeAt) + data.length * msPerByte;
        let at = link.freeAt + model.rttMs / 2;
        if (random() < model.lossRate) {
          shaper.stats.lost += 1;
          // The retransmission uses the bottleneck again and arrives one RTT later.
          link.freeAt += data.length * msPerByte;
          at += model.rttMs;
        }
        lastAt = Math.max(lastAt, at);
        queue.push({ at: lastAt, data });
      }
      if (link.freeAt - now > model.queueMs) from.pause();
      schedule();
    });
    from.on('end', () => {
      const finish = () => (queue.length === 0 ? to.end() : setTimeout(finish, Math.max(1, (queue.at(-1)?.at ?? 0) - performance.now())));
      finish();
    });
  }

  const server: Server = createServer((client) => {
    shaper.stats.connections += 1;
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    open.add(client);
    open.add(upstream);
    // A new connection costs one RTT (SYN, SYN-ACK) before its first byte can leave: the
    // client's bytes are held that long.
    client.pause();
    setTimeout(() => client.resume(), model.rttMs);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    pipe(client, upstream, 'up');
    pipe(upstream, client, 'down');
    for (const s of [client, upstream]) {
      s.on('error', cut);
      // A clean close (FIN) travels through the queue by 'end'; only a broken one cuts both.
      s.on('close', (hadError) => {
        open.delete(s);
        if (hadError) cut();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  shaper.port = typeof address === 'object' && address !== null ? address.port : 0;
  shaper.url = `http://127.0.0.1:${shaper.port}`;
  return shaper;
}
