import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/contract/errors.js';

// Oversized bodies are answered 413 `too-large` before they are read, and the client gets to
// read that answer. Fastify's own check answers with `Connection: close`, and Node then closes
// the socket while the client is still sending: the unread bytes make the kernel send a reset,
// which throws the 413 away on the client's side ("halve the batch on 413" never fires). Here
// the answer keeps the connection, and the rest of the body is read and dropped (bounded), as
// nginx's lingering close does.

export interface BodyDrainLimits {
  /** Past this many discarded bytes the connection is cut (the answer is already sent). */
  maxBytes: number;
  /** A client that sends nothing for this long is cut. */
  idleMs: number;
}

export const bodyDrainDefault: BodyDrainLimits = { maxBytes: 64 * 1024 * 1024, idleMs: 30_000 };

// Bodies the route reads as a stream itself (tus uploads, `server/routes/files.ts`): no limit here.
const streamedTypes = ['application/offset+octet-stream'];

/** Reads and drops what is left of a request body, so the answer sent early is not reset. */
export function requestDrain(raw: IncomingMessage, limits: BodyDrainLimits = bodyDrainDefault): void {
  if (raw.complete || raw.destroyed) return;
  let seen = 0;
  const cut = () => raw.socket.destroy();
  let idle = setTimeout(cut, limits.idleMs);
  const done = () => clearTimeout(idle);
  raw.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    clearTimeout(idle);
    if (seen > limits.maxBytes) return cut();
    idle = setTimeout(cut, limits.idleMs);
  });
  raw.once('end', done);
  raw.once('close', done);
  raw.resume();
}

export function bodyTooLargeError(limit: number): AppError {
  return new AppError('too-large', `request body is larger than ${limit} bytes; send less at a time`, { limit });
}

/** Refuses a declared Content-Length above the route's body limit before any byte is read. */
export function bodyLimitInstall(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const declared = req.headers['content-length'];
    if (declared === undefined) return;
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (streamedTypes.includes(type)) return;
    const limit = req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
    if (Number(declared) > limit) throw bodyTooLargeError(limit);
  });
}
