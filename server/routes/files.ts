import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/contract/errors.js';
import type { Db } from '../db/db.js';
import { accessTokenAccept, type AuthContext } from '../http.js';
import {
  blobAccessOf,
  blobUploadBegin,
  blobUploadedBy,
  blobUploadFinish,
  blobUploadOwner,
  UploadQuotaError,
  uploadQuotaBytesPerDayDefault,
} from '../services/blobAccess.js';
import type { BlobStore } from '../services/blobStore.js';
import type { AccessClaims } from '../services/tokens.js';
import { routeCaller, routeRoleAllowed, type RouteKey } from './routePolicy.js';

// Files travel apart from records (architecture decision 8): resumable tus uploads into
// <data>/blobs/tus, checked against the SHA-256 the client declared, then stored under that
// hash. Storing is idempotent; a file-attached event may reach the server before or after its
// blob. Who may read or learn of a blob: server/services/blobAccess.ts; who may call what:
// routePolicy.ts. An upload belongs to its creator, and counts against their daily quota.

const sha256Pattern = /^[0-9a-f]{64}$/;

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** A tus hook refusal: tus sends `body` with `status_code` as they are. */
function tusRefusal(status: number, code: string, message: string, details?: Record<string, unknown>): { status_code: number; body: string } {
  return { status_code: status, body: JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } }) };
}

export interface FileRouteDeps {
  db: Db;
  auth: AuthContext;
  blobs: BlobStore;
  tusDir: string;
  /** Bytes one person may upload in 24 hours (default `uploadQuotaBytesPerDayDefault`). */
  uploadQuotaBytesPerDay?: number | undefined;
}

export function fileRoutes(app: FastifyInstance, deps: FileRouteDeps): void {
  const quota = deps.uploadQuotaBytesPerDay ?? uploadQuotaBytesPerDayDefault;
  const tusCaller = async (authorization: string | null, route: RouteKey): Promise<AccessClaims> => {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    let user: AccessClaims;
    try {
      if (token === undefined) throw new Error('missing');
      user = await accessTokenAccept(token, deps.auth);
    } catch {
      throw tusRefusal(401, 'unauthenticated', 'sign in first');
    }
    if (!routeRoleAllowed(route, user.role)) throw tusRefusal(403, 'forbidden', `role ${user.role} may not upload files`, { reason: 'role', route });
    return user;
  };
  const tus = new TusServer({
    path: '/api/files/tus',
    relativeLocation: true,
    maxSize: 2 * 1024 * 1024 * 1024,
    datastore: new FileStore({ directory: deps.tusDir }),
    // Every tus request (POST, HEAD, PATCH, DELETE, GET) passes here first.
    async onIncomingRequest(req, uploadId) {
      if (req.method === 'POST') {
        await tusCaller(req.headers.get('authorization'), 'POST /api/files/tus');
        return;
      }
      const user = await tusCaller(req.headers.get('authorization'), 'PATCH|HEAD|DELETE /api/files/tus/:id');
      // Someone else's upload does not exist for the caller.
      if ((await blobUploadOwner(deps.db, uploadId)) !== user.usr) throw tusRefusal(404, 'not-found', 'no such upload');
    },
    async onUploadCreate(req, upload) {
      const user = await tusCaller(req.headers.get('authorization'), 'POST /api/files/tus');
      const sha = upload.metadata?.sha256;
      if (typeof sha !== 'string' || !sha256Pattern.test(sha)) throw tusRefusal(400, 'validation-failed', 'metadata sha256 (64 hex) required');
      if (upload.size === undefined) throw tusRefusal(400, 'validation-failed', 'Upload-Length is required (deferred length is not accepted)');
      try {
        await blobUploadBegin(deps.db, { uploadId: upload.id, sha256: sha, username: user.usr, units: user.units, bytes: upload.size, nowMs: deps.auth.nowMs(), quotaBytesPerDay: quota });
      } catch (err) {
        if (err instanceof UploadQuotaError) throw { status_code: err.status, body: JSON.stringify({ error: err.body }) };
        throw err;
      }
      return {};
    },
    // A blob the store already holds (from anyone) is answered exactly as a new one.
    async onUploadFinish(_req, upload) {
      const path = join(deps.tusDir, upload.id);
      const declared = upload.metadata?.sha256 ?? '';
      const actual = await fileSha256(path);
      await rm(`${path}.json`, { force: true });
      if (actual !== declared) {
        await rm(path, { force: true });
        throw { status_code: 460, body: `checksum mismatch: got ${actual}\n` };
      }
      await deps.blobs.putFile(actual, path);
      await deps.db.query('INSERT INTO blobs (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [actual, upload.size ?? 0]);
      await blobUploadFinish(deps.db, upload.id, deps.auth.nowMs());
      return {};
    },
  });
  // tus reads the raw request body itself.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
  const tusHandle = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    await tus.handle(req.raw, reply.raw);
  };
  app.all('/api/files/tus', tusHandle);
  app.all('/api/files/tus/*', tusHandle);

  const shaOf = (req: FastifyRequest) => {
    const sha = (req.params as { sha?: string }).sha ?? '';
    if (!sha256Pattern.test(sha)) throw new AppError('validation-failed', 'not a SHA-256');
    return sha;
  };
  // Clients ask before uploading and skip blobs the server already has — but only blobs the
  // caller's units may read or the caller uploaded: to anyone else every blob is missing (404),
  // they upload it, and the server keeps one copy without saying so.
  app.head('/api/files/:sha', async (req, reply) => {
    const user = await routeCaller(req, deps.auth, 'HEAD /api/files/:sha');
    const sha = shaOf(req);
    const known = (await blobAccessOf(deps.db, sha, user.units)) === 'readable' || (await blobUploadedBy(deps.db, sha, user.usr));
    return reply.code(known && (await deps.blobs.has(sha)) ? 200 : 404).send();
  });
  // A download is allowed when an accepted event of one of the caller's units links the hash and
  // that unit holds the bytes (blobAccess.ts). Linked but not yet arrived from the unit: 404.
  app.get('/api/files/:sha', async (req, reply) => {
    const user = await routeCaller(req, deps.auth, 'GET /api/files/:sha');
    const sha = shaOf(req);
    const access = await blobAccessOf(deps.db, sha, user.units);
    if (access === 'not-linked') throw new AppError('forbidden', 'no accepted event of your units links this file');
    const blob = access === 'readable' ? await deps.blobs.get(sha) : undefined;
    if (!blob) throw new AppError('not-found', 'the file has not arrived yet');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(blob.size))
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(blob.stream);
  });
}
