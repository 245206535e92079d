import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '../shared/contract/errors.js';
import { bodyLimitInstall } from './bodyLimit.js';
import { bodySafetyInstall } from './bodySafety.js';
import type { DataFolderGuard } from './dataFolder.js';
import type { Db } from './db/db.js';
import { httpErrorHandlerInstall } from './http.js';
import { authRoutes } from './routes/auth.js';
import { fileRoutes } from './routes/files.js';
import { healthRoutes } from './routes/health.js';
import { miscRoutes } from './routes/misc.js';
import { syncRoutes } from './routes/sync.js';
import { workstationRoutes } from './routes/workstations.js';
import { userActiveCheck, type AuthSettings } from './services/auth.js';
import type { BlobStore } from './services/blobStore.js';
import { liveHubStart } from './services/liveHub.js';

// Composition of the HTTP app from its parts; all state lives in the database and blob store.

export interface AppDeps {
  db: Db;
  blobs: BlobStore;
  tusDir: string;
  auth: AuthSettings;
  logger?: boolean;
  /** Behind a reverse proxy, trust X-Forwarded-For so login back-off keys on the real client. */
  trustProxy?: boolean;
  /** Own certificate files, for provinces without a TLS-terminating reverse proxy. */
  https?: { cert: Buffer; key: Buffer };
  /** Bytes one person may upload in 24 hours (default: server/services/blobAccess.ts). */
  uploadQuotaBytesPerDay?: number;
  /** Refuses writes (503 `unavailable`) once the data folder is gone; see `server/dataFolder.ts`. */
  dataGuard?: DataFolderGuard;
}

const readOnlyMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function appBuild(deps: AppDeps): Promise<FastifyInstance> {
  // The https variant of Fastify has another generic type; both expose the same routes API.
  const app = Fastify({
    ...(deps.https ? { https: deps.https } : {}),
    logger: deps.logger ?? false,
    trustProxy: deps.trustProxy ?? false,
    forceCloseConnections: true,
    bodyLimit: 16 * 1024 * 1024,
  }) as unknown as FastifyInstance;
  httpErrorHandlerInstall(app);
  bodyLimitInstall(app);
  bodySafetyInstall(app);
  const guard = deps.dataGuard;
  if (guard) {
    app.addHook('onRequest', async (req) => {
      if (readOnlyMethods.has(req.method)) return;
      const reason = guard.check();
      if (reason) throw new AppError('unavailable', 'the server lost its data folder; nothing can be stored until it is restored', { reason });
    });
  }
  const hub = await liveHubStart(deps.db);
  app.addHook('onClose', async () => hub.close());
  const auth = { ...deps.auth, userActive: userActiveCheck(deps.db, deps.auth.nowMs) };
  authRoutes(app, { db: deps.db, auth });
  syncRoutes(app, { db: deps.db, auth, hub });
  fileRoutes(app, { db: deps.db, auth, blobs: deps.blobs, tusDir: deps.tusDir, uploadQuotaBytesPerDay: deps.uploadQuotaBytesPerDay });
  miscRoutes(app, { db: deps.db, auth });
  healthRoutes(app, { db: deps.db, dataGuard: deps.dataGuard });
  workstationRoutes(app, { db: deps.db, auth });
  (await import('./routes/directory.js')).directoryRoutes(app, { db: deps.db, auth });
  return app;
}
