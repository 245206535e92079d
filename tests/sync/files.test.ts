import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventWire } from '../support/dossierEvents.js';
import { faultProxyStart, type FaultProxy } from './faultProxy.js';
import { dossierReceived, dossierWithFile, fileAttached, fileRecord, push, sha, tusCreate, tusHead, tusPatch, tusUpload, tusUploadRaw, type RawAnswer } from './fileKit.js';
import { api, serverEngines, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Blobs travel by tus, are stored under their SHA-256 once, and are read only by units whose
// accepted events link them and who hold the bytes; nobody else learns that a blob exists. A
// file-attached event may come before or after its blob (issue 17; docs/spec/sync.md "Files").

describe.each(serverEngines)('files (%s)', (engine) => {
  let kit: TestServer;
  let base = '';
  let proxy: FaultProxy;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    kit = await testServerStart(engine);
    base = kit.server.url;
    proxy = await faultProxyStart(kit.server.port, 7);
    await testUserAdd(kit, 'lan', 'clerk', ['H41.01']);
    await testUserAdd(kit, 'boss', 'supervisor', ['H41.01', 'H41.03']);
    await testUserAdd(kit, 'minh', 'clerk', ['H41.02']);
    await testUserAdd(kit, 'stranger', 'supervisor', ['H41.09']);
    for (const name of ['lan', 'boss', 'minh', 'stranger']) t[name] = (await testLogin(base, name)).accessToken;
  }, 300_000);
  afterAll(async () => {
    await proxy.close();
    await kit.cleanup();
  }, 120_000);

  const head = async (token: string | undefined, hash: string) => (await api(base, 'HEAD', `/api/files/${hash}`, token ? { token } : {})).status;
  const get = async (token: string, hash: string) => (await api(base, 'GET', `/api/files/${hash}`, { token })).status;

  it('resumes an upload cut mid-transfer, stores it under its hash, and serves it to the linked unit only', async () => {
    const data = randomBytes(700 * 1024);
    // The event and the record arrive first; the download waits for the blob.
    const { sha256: hash } = await dossierWithFile(base, t.lan ?? '', 'H41.01', data);
    expect(await head(t.lan, hash)).toBe(404);
    expect(await get(t.boss ?? '', hash)).toBe(404);

    proxy.faults = { cutChance: 0.5, cutMaxBytes: 200 * 1024, delayMaxMs: 5 };
    await tusUpload(`${proxy.url}/api/files/tus`, t.lan ?? '', data, hash);
    proxy.faults = { cutChance: 0, cutMaxBytes: 0, delayMaxMs: 0 };
    expect(proxy.stats.cuts).toBeGreaterThan(0);

    expect(await head(t.lan, hash)).toBe(200);
    expect(await head(t.boss, hash)).toBe(200);
    const got = await fetch(`${base}/api/files/${hash}`, { headers: { authorization: `Bearer ${t.boss}` } });
    expect(got.status).toBe(200);
    expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(hash);
    // Outside the linked unit: no read, and no word that the blob exists.
    expect(await get(t.stranger ?? '', hash)).toBe(403);
    expect(await head(t.stranger, hash)).toBe(404);
    expect(await head(t.minh, hash)).toBe(404);
    expect(await head(undefined, hash)).toBe(401);
  });

  it('does not give another unit the scan whose hash it names in its own events and records', async () => {
    const scan = randomBytes(40_000);
    const { sha256: hash } = await dossierWithFile(base, t.lan ?? '', 'H41.01', scan);
    await tusUpload(`${base}/api/files/tus`, t.lan ?? '', scan, hash);
    // Minh (unit H41.02) learnt the hash: he attaches it to a dossier of his own. The server
    // cannot tell that apart from a real attachment and accepts it…
    await dossierWithFile(base, t.minh ?? '', 'H41.02', scan);
    // …but naming the hash is not holding the file: missing to him, as any blob he never sent.
    expect(await get(t.minh ?? '', hash)).toBe(404);
    expect(await head(t.minh, hash)).toBe(404);
    // Other bytes declared under that hash are refused, and change nothing.
    const forged = await tusUploadRaw(base, t.minh ?? '', randomBytes(40_000), hash);
    expect(forged.finish.status).toBe(460);
    expect(await get(t.minh ?? '', hash)).toBe(404);
    // A file record alone (the old way) links nothing.
    const d = dossierReceived('H41.02');
    await push(base, t.minh ?? '', 'events', [eventWire(d.received, 'H41.02')]);
    expect((await push(base, t.minh ?? '', 'files', [fileRecord(d.id, 'H41.02', hash, scan.length)])).body.rejected).toEqual([]);
    expect(await kit.server.db.query('SELECT unit_code FROM blob_links WHERE sha256 = $1 ORDER BY unit_code', [hash])).toEqual([{ unit_code: 'H41.01' }, { unit_code: 'H41.02' }]);
  });

  it('answers an upload of bytes someone else stored exactly as a fresh one, keeps one copy, and then opens it to the uploader’s unit', async () => {
    const scan = randomBytes(30_000);
    const { sha256: hash } = await dossierWithFile(base, t.lan ?? '', 'H41.01', scan);
    await tusUpload(`${base}/api/files/tus`, t.lan ?? '', scan, hash);
    // The same blank form scanned at H41.02: Minh holds the very same bytes.
    await dossierWithFile(base, t.minh ?? '', 'H41.02', scan);
    const same = await tusUploadRaw(base, t.minh ?? '', scan);
    const fresh = await tusUploadRaw(base, t.minh ?? '', randomBytes(30_000));
    // Everything but the date and the upload's own name.
    const shape = (a: RawAnswer) => ({ status: a.status, body: a.body, headers: Object.entries(a.headers).filter(([k]) => k !== 'date' && k !== 'location').sort() });
    expect(shape(same.create)).toEqual(shape(fresh.create));
    expect(shape(same.finish)).toEqual(shape(fresh.finish));
    expect(same.finish.status).toBe(204);
    expect(await readdir(join(kit.dataDir, 'blobs', hash.slice(0, 2)))).toContain(hash);
    expect((await readdir(join(kit.dataDir, 'blobs', hash.slice(0, 2)))).filter((f) => f === hash)).toHaveLength(1);
    expect(await kit.server.db.query('SELECT sha256 FROM blobs WHERE sha256 = $1', [hash])).toEqual([{ sha256: hash }]);
    // Holding the bytes, his unit may now read what its own events link.
    expect(await head(t.minh, hash)).toBe(200);
    expect(await get(t.minh ?? '', hash)).toBe(200);
    expect(await get(t.stranger ?? '', hash)).toBe(403);
  });

  it('keeps an upload its creator’s: anyone else is told it does not exist', async () => {
    const data = randomBytes(20_000);
    const created = await tusCreate(base, t.lan, sha(data), data.length);
    expect(created.status).toBe(201);
    const location = created.location ?? '';
    expect((await tusHead(base, t.lan, location)).status).toBe(200);
    expect((await tusHead(base, t.minh, location)).status).toBe(404);
    expect((await tusPatch(base, t.minh, location, data)).status).toBe(404);
    expect((await tusPatch(base, undefined, location, data)).status).toBe(401);
    // Supervisors attach no files, so they upload none.
    expect((await tusCreate(base, t.boss, sha(data), data.length)).status).toBe(403);
    expect((await tusPatch(base, t.lan, location, data)).status).toBe(204);
    // A linked unit learns of it only through its own events; the uploader knows what he sent.
    expect(await head(t.lan, sha(data))).toBe(200);
    expect(await head(t.boss, sha(data))).toBe(404);
  });

  it('links a blob that arrived before its event once the event is accepted', async () => {
    const data = randomBytes(15_000);
    const hash = sha(data);
    await tusUpload(`${base}/api/files/tus`, t.lan ?? '', data, hash);
    expect(await get(t.boss ?? '', hash)).toBe(403);
    const d = dossierReceived('H41.01');
    await push(base, t.lan ?? '', 'events', [eventWire(d.received, 'H41.01'), eventWire(fileAttached(d.id, hash), 'H41.01')]);
    expect(await get(t.boss ?? '', hash)).toBe(200);
  });

  it('refuses a blob whose bytes do not match the declared hash, and anonymous uploads', async () => {
    const data = randomBytes(10_000);
    await expect(tusUpload(`${base}/api/files/tus`, t.lan ?? '', data, 'b'.repeat(64))).rejects.toThrow(/460|checksum/);
    expect(await head(t.lan, 'b'.repeat(64))).toBe(404);
    await expect(tusUpload(`${base}/api/files/tus`, 'forged.token', data, sha(data))).rejects.toThrow(/401/);
    expect(await head(t.lan, sha(data))).toBe(404);
  });
});
