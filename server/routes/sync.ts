import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { httpProtocolCheck, type AuthContext } from '../http.js';
import type { LiveHub } from '../services/liveHub.js';
import { syncPull, syncPush } from '../services/syncStore.js';
import { syncCheckpointSchema, syncCollections, syncPushBodySchema, type SyncCollection } from '../services/syncWire.js';
import { routeCaller } from './routePolicy.js';

// RxDB replication endpoints (docs/spec/sync.md): pull by checkpoint, push with
// assumedMasterState, and a server-sent-events stream that says RESYNC.

function collectionOf(req: FastifyRequest): SyncCollection {
  const name = (req.params as { collection?: string }).collection;
  const found = syncCollections.find((c) => c === name);
  if (!found) throw new AppError('not-found', `no collection "${String(name)}"`);
  return found;
}

export function syncRoutes(app: FastifyInstance, deps: { db: Db; auth: AuthContext; hub: LiveHub; keepAliveMs?: number }): void {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });
  app.get('/api/sync/:collection/pull', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'GET /api/sync/:collection/pull');
    const collection = collectionOf(req);
    const q = req.query as { checkpoint?: string; limit?: string };
    let checkpoint = null;
    if (q.checkpoint !== undefined && q.checkpoint !== '' && q.checkpoint !== 'null') {
      let json: unknown;
      try {
        json = JSON.parse(q.checkpoint);
      } catch {
        throw new AppError('validation-failed', 'checkpoint is not JSON');
      }
      const parsed = syncCheckpointSchema.safeParse(json);
      if (!parsed.success) throw new AppError('validation-failed', 'checkpoint must be {"seq": <integer>}');
      checkpoint = parsed.data;
    }
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError('validation-failed', 'limit must be 1..1000');
    return syncPull(deps.db, collection, user.units, checkpoint, limit);
  });

  app.post('/api/sync/:collection/push', { bodyLimit: 16 * 1024 * 1024 }, async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'POST /api/sync/:collection/push');
    const collection = collectionOf(req);
    const body = syncPushBodySchema.safeParse(req.body);
    if (!body.success) throw new AppError('validation-failed', 'push body must be an array of at most 1000 {newDocumentState, assumedMasterState}');
    const { conflicts, rejected } = await syncPush(deps.db, collection, { name: user.usr, role: user.role, units: user.units }, body.data);
    return { conflicts, rejected };
  });

  app.get('/api/sync/:collection/stream', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    const user = await routeCaller(req, deps.auth, 'GET /api/sync/:collection/stream');
    const collection = collectionOf(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (data: string) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    // A (re)connected client may have missed changes: RESYNC makes it pull from its checkpoint.
    send('RESYNC');
    const unsubscribe = deps.hub.subscribe({ collection, units: new Set(user.units), notify: () => send('RESYNC') });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), deps.keepAliveMs ?? 15_000);
    // The stream ends when the access token does; the client reconnects with a fresh one.
    const expiry = setTimeout(() => res.end(), Math.max(0, user.exp * 1000 - deps.auth.nowMs()));
    const stop = () => {
      clearInterval(keepAlive);
      clearTimeout(expiry);
      unsubscribe();
      open.delete(end);
    };
    const end = () => {
      stop();
      res.end();
    };
    open.add(end);
    res.on('close', stop);
    req.raw.on('close', stop);
  });
}
