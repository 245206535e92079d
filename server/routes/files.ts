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
import { accessTokenAccept, httpUser, type AuthContext } from '../http.js';
import type { BlobStore } from '../services/blobStore.js';

// Files travel apart from records (architecture decision 8): resumable tus uploads into
// <data>/blobs/tus, checked against the SHA-256 the client declared, then stored under that
// hash. Storing is idempotent; a `files` record may reach the server before or after its blob.

const sha256Pattern = /^[0-9a-f]{64}$/;

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function fileRoutes(app: FastifyInstance, deps: { db: Db; auth: AuthContext; blobs: BlobStore; tusDir: string }): void {
  const tokenCheck = async (authorization: string | null): Promise<void> => {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    try {
      if (token === undefined) throw new Error('missing');
      await accessTokenAccept(token, deps.auth);
    } catch {
      throw { status_code: 401, body: 'unauthenticated\n' };
    }
  };
  const tus = new TusServer({
    path: '/api/files/tus',
    relativeLocation: true,
    maxSize: 2 * 1024 * 1024 * 1024,
    datastore: new FileStore({ directory: deps.tusDir }),
    // Every tus request (HEAD, POST, PATCH) passes here first.
    async onIncomingRequest(req) {
      await tokenCheck(req.headers.get('authorization'));
    },
    async onUploadCreate(_req, upload) {
      const sha = upload.metadata?.sha256;
      if (typeof sha !== 'string' || !sha256Pattern.test(sha)) throw { status_code: 400, body: 'metadata sha256 (64 hex) required\n' };
      return {};
    },
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
      await deps.db.query('INSERT INTO blobs (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [
        actual,
        upload.size ?? 0,
      ]);
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
  // Clients ask before uploading and skip blobs the server already has.
  app.head('/api/files/:sha', async (req, reply) => {
    await httpUser(req, deps.auth);
    const rows = await deps.db.query('SELECT 1 FROM blobs WHERE sha256 = $1', [shaOf(req)]);
    return reply.code(rows.length > 0 ? 200 : 404).send();
  });
  // A download is allowed when a live `files` record of one of the caller's units names the hash.
  app.get('/api/files/:sha', async (req, reply) => {
    const user = await httpUser(req, deps.auth);
    const sha = shaOf(req);
    const owners = await deps.db.query(
      `SELECT 1 FROM sync_docs WHERE collection = 'files' AND doc->>'sha256' = $1
          AND unit_code = ANY($2::text[]) AND NOT deleted LIMIT 1`,
      [sha, [...user.units]],
    );
    if (owners.length === 0) throw new AppError('forbidden', 'no file record of your units names this hash');
    const blob = await deps.blobs.get(sha);
    if (!blob) throw new AppError('not-found', 'the record exists but its file has not arrived yet');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(blob.size))
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(blob.stream);
  });
}
