import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultProxyStart, type FaultProxy } from './faultProxy.js';
import { api, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Blobs travel by tus, are stored under their SHA-256, deduplicated, and downloaded only by
// users of a unit whose `files` record names them; a record may come before or after its blob.

function upload(endpoint: string, token: string, data: Buffer, sha256: string, chunkSize = 64 * 1024): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(data, {
      endpoint,
      chunkSize,
      retryDelays: [0, 50, 100, 200, 400, 800, 1000, 1000, 1000, 1000],
      headers: { authorization: `Bearer ${token}` },
      metadata: { sha256, filename: 'scan.pdf' },
      onError: reject,
      onSuccess: () => resolve(),
    });
    u.start();
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('files (pglite)', () => {
  let kit: TestServer;
  let proxy: FaultProxy;
  let clerk = '';
  let supervisor = '';
  let stranger = '';
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    proxy = await faultProxyStart(kit.server.port, 7);
    await testUserAdd(kit, 'clerk', 'clerk', ['H01']);
    await testUserAdd(kit, 'boss', 'supervisor', ['H01', 'H02']);
    await testUserAdd(kit, 'stranger', 'supervisor', ['H09']);
    clerk = (await testLogin(kit.server.url, 'clerk')).accessToken;
    supervisor = (await testLogin(kit.server.url, 'boss')).accessToken;
    stranger = (await testLogin(kit.server.url, 'stranger')).accessToken;
  }, 300_000);
  afterAll(async () => {
    await proxy.close();
    await kit.cleanup();
  });

  it('resumes an upload cut mid-transfer, stores it under its hash, and serves it to the unit', async () => {
    const data = randomBytes(700 * 1024);
    const hash = sha(data);
    expect((await api(kit.server.url, 'HEAD', `/api/files/${hash}`, { token: clerk })).status).toBe(404);
    // The record arrives first; the download waits for the blob.
    const record = { id: 'f-1', unitCode: 'H01', updatedAt: '2026-11-30T08:00:00.000+07:00', _deleted: false, sha256: hash, size: data.length };
    expect((await api(kit.server.url, 'POST', '/api/sync/files/push', { token: clerk, body: [{ newDocumentState: record }] })).status).toBe(200);
    expect((await api(kit.server.url, 'GET', `/api/files/${hash}`, { token: supervisor })).status).toBe(404);

    proxy.faults = { cutChance: 0.5, cutMaxBytes: 200 * 1024, delayMaxMs: 5 };
    await upload(`${proxy.url}/api/files/tus`, clerk, data, hash);
    proxy.faults = { cutChance: 0, cutMaxBytes: 0, delayMaxMs: 0 };
    expect(proxy.stats.cuts).toBeGreaterThan(0);

    expect((await api(kit.server.url, 'HEAD', `/api/files/${hash}`, { token: clerk })).status).toBe(200);
    const got = await fetch(`${kit.server.url}/api/files/${hash}`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(got.status).toBe(200);
    expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(hash);
    expect((await api(kit.server.url, 'GET', `/api/files/${hash}`, { token: stranger })).status).toBe(403);

    // The same bytes again: stored once.
    await upload(`${kit.server.url}/api/files/tus`, clerk, data, hash);
    const stored = await readdir(join(kit.dataDir, 'blobs', hash.slice(0, 2)));
    expect(stored).toEqual([hash]);
    expect(await kit.server.db.query('SELECT sha256 FROM blobs')).toEqual([{ sha256: hash }]);
  });

  it('refuses a blob whose bytes do not match the declared hash, and anonymous uploads', async () => {
    const data = randomBytes(10_000);
    await expect(upload(`${kit.server.url}/api/files/tus`, clerk, data, 'b'.repeat(64))).rejects.toThrow(/460|checksum/);
    expect((await api(kit.server.url, 'HEAD', `/api/files/${'b'.repeat(64)}`, { token: clerk })).status).toBe(404);
    await expect(upload(`${kit.server.url}/api/files/tus`, 'forged.token', data, sha(data))).rejects.toThrow(/401/);
    expect((await api(kit.server.url, 'HEAD', `/api/files/${sha(data)}`, { token: clerk })).status).toBe(404);
  });
});
