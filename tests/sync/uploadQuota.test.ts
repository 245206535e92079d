import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { migrateUp } from '../../server/db/migrate.js';
import { testDbEngines } from '../../server/db/testDb.js';
import { httpErrorHandlerInstall } from '../../server/http.js';
import { fileRoutes } from '../../server/routes/files.js';
import { userActiveCheck } from '../../server/services/auth.js';
import { blobStoreFs } from '../../server/services/blobStore.js';
import { accessTokenSign } from '../../server/services/tokens.js';
import { userAdd } from '../../server/services/users.js';
import { sha, tusCreate, tusUploadRaw } from './fileKit.js';

// A per-uploader daily quota (issue 17): the file routes with a small quota and a clock the test
// moves, on a real database and blob folder. Bytes the province already holds count like new
// ones, so the quota tells nobody what exists. A refused upload leaves nothing behind.

const quota = 100_000;
const dayMs = 24 * 3600_000;

describe.each(testDbEngines())('upload quota ($name)', (engine) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let base = '';
  let dir = '';
  let now = Date.parse('2026-11-30T08:00:00+07:00');
  const token: Record<string, string> = {};
  beforeAll(async () => {
    ({ db, cleanup } = await engine.open());
    await migrateUp(db);
    dir = await mkdtemp(join(tmpdir(), 'motcua-quota-'));
    await mkdir(join(dir, 'tus'), { recursive: true });
    const secret = randomBytes(32);
    const auth = { secret, nowMs: () => now, userActive: userActiveCheck(db, () => now) };
    app = Fastify();
    httpErrorHandlerInstall(app);
    fileRoutes(app, { db, auth, blobs: blobStoreFs(join(dir, 'blobs')), tusDir: join(dir, 'tus'), uploadQuotaBytesPerDay: quota });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const name of ['lan', 'minh']) {
      const { id } = await userAdd(db, { username: name, password: `${name}-secret-pw`, role: 'clerk', units: ['H61.01'] });
      token[name] = accessTokenSign({ sub: id, usr: name, role: 'clerk', units: ['H61.01'], exp: Math.floor(now / 1000) + 10 * dayMs / 1000 }, secret);
    }
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await cleanup();
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  const uploadsOf = async (name: string) => Number((await db.query<{ c: string | number }>('SELECT count(*) AS c FROM blob_uploads WHERE username = $1', [name]))[0]?.c);

  it('counts every upload’s bytes for a day, stored before or not, and answers 429 or 413 with a stable reason', async () => {
    const scan = randomBytes(60_000);
    const first = await tusUploadRaw(base, token.lan ?? '', scan);
    expect([first.create.status, first.finish.status]).toEqual([201, 204]);

    // 60 000 used: 50 000 more do not fit today.
    const tusBefore = await readdir(join(dir, 'tus'));
    const refused = await tusCreate(base, token.lan, sha(randomBytes(8)), 50_000);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'forbidden', message: expect.any(String), details: { reason: 'upload-quota', quotaBytes: quota, usedBytes: 60_000, retryAfterSec: 24 * 3600 } },
    });
    // Larger than a whole day's quota: it never fits.
    const huge = await tusCreate(base, token.lan, sha(randomBytes(8)), quota + 1);
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ error: { code: 'too-large', details: { reason: 'upload-quota', quotaBytes: quota } } });
    expect(await uploadsOf('lan')).toBe(1);
    expect(await readdir(join(dir, 'tus'))).toEqual(tusBefore);

    // Minh sends the very same bytes: answered as new, and counted against him all the same.
    const same = await tusUploadRaw(base, token.minh ?? '', scan);
    expect([same.create.status, same.finish.status]).toEqual([201, 204]);
    expect((await tusCreate(base, token.minh, sha(randomBytes(8)), 50_000)).status).toBe(429);
    expect((await tusCreate(base, token.minh, sha(randomBytes(8)), 40_000)).status).toBe(201);

    // A day later the first upload no longer counts.
    now += dayMs + 1000;
    const next = await tusUploadRaw(base, token.lan ?? '', randomBytes(50_000));
    expect([next.create.status, next.finish.status]).toEqual([201, 204]);
  });
});
