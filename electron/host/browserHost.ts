import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail } from '../../shared/contract/errors.js';
import { wsClientMessageSchema, type WsServerMessage } from '../../shared/contract/wire.js';
import type { Backend } from '../app/backend.js';
import { contentSecurityPolicy } from '../config/csp.js';

// The browser host: the same main-side services as in Electron, reached over a WebSocket on
// 127.0.0.1 guarded by a token made at start-up, and the same renderer bundle served over HTTP.
// It exists for development and end-to-end tests on machines that cannot run Electron.

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface BrowserHost {
  url: string;
  token: string;
  close(): Promise<void>;
}

function tokenMatches(given: string | null, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

async function serveStatic(rendererDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
  const path = normalize(join(rendererDir, relative));
  if (!path.startsWith(rendererDir + sep) && path !== rendererDir) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(path);
    res.writeHead(200, {
      'content-type': mimeTypes[extname(path)] ?? 'application/octet-stream',
      'content-security-policy': contentSecurityPolicy('browser'),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  }
}

function send(socket: WebSocket, message: WsServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

export async function browserHostStart(backend: Backend, port: number): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = normalize(backend.services.config.rendererDir);
  const server: Server = createServer((req, res) => {
    void serveStatic(rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || /^http:\/\/127\.0\.0\.1:\d+$/.test(origin);
    if (url.pathname !== '/ws' || !tokenMatches(url.searchParams.get('token'), token) || !sameOrigin) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (socket: WebSocket) => {
    const unsubscribe = backend.services.bus.subscribe((name, payload) => send(socket, { t: 'event', name, payload }));
    socket.on('close', unsubscribe);
    socket.on('message', (data) => {
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return;
      }
      const parsed = wsClientMessageSchema.safeParse(json);
      if (!parsed.success) return;
      const { id, name, args } = parsed.data;
      void backend
        .invoke(name, args, 'ws')
        .catch((err: unknown) => fail({ code: 'internal', message: String(err) }))
        .then((envelope) => send(socket, { t: 'result', id, envelope }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    token,
    url: `http://127.0.0.1:${actual}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
