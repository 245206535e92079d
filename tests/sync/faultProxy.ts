import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { seededRandom } from '../support/seededRandom.js';

// A TCP proxy on 127.0.0.1 between clients and the server that injects network faults:
// connections cut after a random number of bytes (mid-request or mid-response), random
// delays per chunk (order kept), and refusal while "down". Seeded, so a failing run repeats.

export interface Faults {
  /** Chance that a new connection gets a byte budget after which both sides are cut. */
  cutChance: number;
  /** The budget is drawn uniformly from 0..cutMaxBytes. */
  cutMaxBytes: number;
  /** Each chunk waits 0..delayMaxMs before being forwarded. */
  delayMaxMs: number;
}

export const noFaults: Faults = { cutChance: 0, cutMaxBytes: 0, delayMaxMs: 0 };

export interface FaultProxy {
  port: number;
  url: string;
  faults: Faults;
  stats: { connections: number; cuts: number };
  /** While true, a new connection is closed as soon as it is accepted (the target is "away"). */
  down: boolean;
  /** Cuts every open connection now (a network drop). */
  cutAll(): void;
  close(): Promise<void>;
}

export async function faultProxyStart(targetPort: number, seed: number): Promise<FaultProxy> {
  const random = seededRandom(seed);
  const open = new Set<Socket>();
  const proxy: FaultProxy = {
    port: 0,
    url: '',
    faults: { ...noFaults },
    stats: { connections: 0, cuts: 0 },
    down: false,
    cutAll() {
      for (const s of open) {
        if (!s.destroyed) proxy.stats.cuts += 1;
        s.destroy();
      }
    },
    close: () => new Promise<void>((resolve) => {
      proxy.cutAll();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((client) => {
    if (proxy.down) {
      client.destroy();
      return;
    }
    proxy.stats.connections += 1;
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    open.add(client);
    open.add(upstream);
    const f = proxy.faults;
    let budget = random() < f.cutChance ? Math.floor(random() * f.cutMaxBytes) : Number.POSITIVE_INFINITY;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    const forward = (from: Socket, to: Socket) => {
      let chain = Promise.resolve();
      from.on('data', (chunk: Buffer) => {
        const delay = f.delayMaxMs > 0 ? Math.floor(random() * f.delayMaxMs) : 0;
        chain = chain.then(async () => {
          if (delay > 0) await new Promise((r) => setTimeout(r, delay));
          if (to.destroyed) return;
          if (chunk.length >= budget) {
            to.write(chunk.subarray(0, budget));
            proxy.stats.cuts += 1;
            cut();
            return;
          }
          budget -= chunk.length;
          to.write(chunk);
        });
      });
      from.on('end', () => void chain.then(() => to.end()));
    };
    forward(client, upstream);
    forward(upstream, client);
    for (const s of [client, upstream]) {
      s.on('error', cut);
      s.on('close', () => {
        open.delete(s);
        cut();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.port = typeof address === 'object' && address !== null ? address.port : 0;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  return proxy;
}
