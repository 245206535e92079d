import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.js';
import type { DataFolderGuard } from '../dataFolder.js';

// For load balancers and monitoring: no auth, no protocol header. 200 `{ok:true}` when this
// instance can serve; 503 `{ok:false, reason}` while its database is unreachable, its LISTEN
// session (live streams) is reconnecting, or its data folder is gone.

export function healthRoutes(app: FastifyInstance, deps: { db: Db; dataGuard?: DataFolderGuard | undefined }): void {
  app.get('/api/health', async (_req, reply) => {
    void reply.header('cache-control', 'no-store');
    const folderLoss = deps.dataGuard?.check();
    const db = folderLoss ? undefined : await deps.db.health().catch(() => ({ ok: false, reason: 'database-unreachable' }) as const);
    const reason = folderLoss ?? (db && !db.ok ? db.reason : undefined);
    if (reason) return reply.code(503).send({ ok: false, reason });
    return { ok: true };
  });
}
