import { createConnection, createServer, type Socket } from 'node:net';

// A TCP pass-through to the provincial server that can be switched off (the commune's line
// dropping), so dossiers pile up unsynced and a sync can then be caught in the middle.

export interface GateProxy {
  url: string;
  up: boolean;
  /** Switches the line off and cuts what is open. */
  down(): void;
  close(): Promise<void>;
}

export async function gateProxyStart(targetPort: number): Promise<GateProxy> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (!gate.up) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const gate: GateProxy = {
    url: `http://127.0.0.1:${port}`,
    up: true,
    down() {
      gate.up = false;
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        gate.down();
        server.close(() => resolve());
      }),
  };
  return gate;
}
