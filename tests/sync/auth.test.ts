import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenVerify } from '../../server/services/tokens.js';
import { userRevoke } from '../../server/services/users.js';
import { actionEvent, eventWire, receivedEvent } from '../support/dossierEvents.js';
import { api, dossierDoc, serverEngines, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Who may read and write what: every refusal must leave the stored rows untouched.

describe.each(serverEngines)('authorisation (%s)', (engine) => {
  let kit: TestServer;
  let base: string;
  let clock = Date.now();
  beforeAll(async () => {
    kit = await testServerStart(engine, { nowMs: () => clock });
    base = kit.server.url;
    await testUserAdd(kit, 'clerk-a', 'clerk', ['UA']);
    await testUserAdd(kit, 'clerk-b', 'clerk', ['UB']);
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('a clerk of unit A never pulls unit B rows, and rows naming unit B are refused one by one', async () => {
    await testUserAdd(kit, 'clerk-xa', 'clerk', ['XA.01']);
    await testUserAdd(kit, 'clerk-xb', 'clerk', ['XB.01']);
    const a = await testLogin(base, 'clerk-xa');
    const b = await testLogin(base, 'clerk-xb');
    const ofB = receivedEvent('dossier-of-b-1', { code: 'XB.01-261130-0001', agencyCode: 'XB.01' });
    expect((await api(base, 'POST', '/api/sync/events/push', { token: b.accessToken, body: [{ newDocumentState: eventWire(ofB, 'XB.01') }] })).status).toBe(200);
    for (const collection of ['events', 'dossiers', 'files']) {
      const pullA = await api<{ documents: unknown[] }>(base, 'GET', `/api/sync/${collection}/pull?limit=100`, { token: a.accessToken });
      expect([collection, pullA.status, pullA.body.documents]).toEqual([collection, 200, []]);
    }
    const before = await kit.server.db.query('SELECT collection, id, unit_code, seq FROM sync_docs ORDER BY collection, id');
    const mine = receivedEvent('dossier-of-a-1', { code: 'XA.01-261130-0001', agencyCode: 'XA.01' });
    const theirs = receivedEvent('dossier-of-b-2', { code: 'XB.01-261130-0002', agencyCode: 'XB.01' });
    // Taking B's dossier over by naming unit A on a later event of it is refused too.
    const takeover = actionEvent(ofB.dossierId, 2, 'withdrawn', { reason: 'x' });
    const push = await api<{ rejected: Array<{ index: number; code: string }> }>(base, 'POST', '/api/sync/events/push', {
      token: a.accessToken,
      body: [eventWire(mine, 'XA.01'), eventWire(theirs, 'XB.01'), eventWire(takeover, 'XA.01')].map((d) => ({ newDocumentState: d })),
    });
    expect(push.status).toBe(200);
    expect(push.body.rejected.map((r) => [r.index, r.code])).toEqual([[1, 'forbidden-unit'], [2, 'forbidden-unit']]);
    const after = await kit.server.db.query<{ collection: string; id: string; unit_code: string }>('SELECT collection, id, unit_code, seq FROM sync_docs ORDER BY collection, id');
    expect(after.filter((r) => r.unit_code === 'XB.01')).toEqual(before);
    expect(after.filter((r) => r.unit_code === 'XA.01').map((r) => `${r.collection}/${r.id}`)).toEqual([`dossiers/${mine.dossierId}`, `events/${mine.id}`]);
  });

  it('an expired token and a token with a forged role are refused with 401, nothing written', async () => {
    const a = await testLogin(base, 'clerk-a');
    const [body, mac] = a.accessToken.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'admin', units: ['UA', 'UB'] })).toString('base64url')}.${mac}`;
    const before = await kit.server.db.query('SELECT count(*) AS n FROM sync_docs');
    const forgedPush = await api(base, 'POST', '/api/sync/dossiers/push', { token: forged, body: [{ newDocumentState: dossierDoc('UB') }] });
    expect(forgedPush.status).toBe(401);
    expect((await api(base, 'GET', '/api/sync/dossiers/pull', { token: forged })).status).toBe(401);

    clock += 16 * 60 * 1000;
    const expired = await api<{ error: { code: string } }>(base, 'POST', '/api/sync/dossiers/push', {
      token: a.accessToken,
      body: [{ newDocumentState: dossierDoc('UA') }],
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');
    expect(await kit.server.db.query('SELECT count(*) AS n FROM sync_docs')).toEqual(before);

    // The refresh token still works and rotates: the new access token is valid, the old refresh is spent.
    const refreshed = await api<{ accessToken: string }>(base, 'POST', '/api/auth/refresh', { body: { refreshToken: a.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api(base, 'GET', '/api/sync/dossiers/pull', { token: refreshed.body.accessToken })).status).toBe(200);
    expect((await api(base, 'POST', '/api/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(401);
  });

  it('refuses a revoked person\'s current access token within seconds, not at its expiry (sync, files, directory)', async () => {
    await testUserAdd(kit, 'clerk-r', 'clerk', ['UA']);
    const r = await testLogin(base, 'clerk-r');
    const tus = (token: string) => fetch(`${base}/api/files/tus/${'0'.repeat(16)}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
    expect((await api(base, 'GET', '/api/sync/dossiers/pull', { token: r.accessToken })).status).toBe(200);
    expect((await tus(r.accessToken)).status).toBe(404);
    await userRevoke(kit.server.db, { username: 'clerk-r' });
    // The answer "active" is kept 5 s of server time per person.
    clock += 6_000;
    for (const [method, path] of [['GET', '/api/sync/dossiers/pull'], ['POST', '/api/sync/dossiers/push'], ['GET', '/api/users/directory']] as const) {
      const res = await api<{ error: { code: string; details?: { reason?: string } } }>(base, method, path, { token: r.accessToken, ...(method === 'POST' ? { body: [{ newDocumentState: dossierDoc('UA') }] } : {}) });
      expect(res.status, path).toBe(401);
      expect(res.body.error.details?.reason).toBe('revoked');
    }
    expect((await tus(r.accessToken)).status).toBe(401);
    // Others are not affected.
    expect((await api(base, 'GET', '/api/sync/dossiers/pull', { token: (await testLogin(base, 'clerk-a')).accessToken })).status).toBe(200);
  });

  it('tokens carry role and units under the MAC', async () => {
    const a = await testLogin(base, 'clerk-a');
    const payload = a.accessToken.split('.')[0] ?? '';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { role: string; units: string[] };
    expect(claims).toMatchObject({ role: 'clerk', units: ['UA'] });
    expect(() => accessTokenVerify(a.accessToken, Buffer.alloc(32), Math.floor(clock / 1000))).toThrow(/signature/);
  });

  it('backs off after repeated wrong passwords per username+IP', async () => {
    await testUserAdd(kit, 'clerk-c', 'clerk', ['UA']);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await api(base, 'POST', '/api/auth/login', { body: { username: 'clerk-c', password: 'wrong-password' } })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toContain(429);
    const locked = await api(base, 'POST', '/api/auth/login', { body: { username: 'clerk-c', password: 'clerk-c-secret-pw' } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock += 20 * 60 * 1000;
    expect((await api(base, 'POST', '/api/auth/login', { body: { username: 'clerk-c', password: 'clerk-c-secret-pw' } })).status).toBe(200);
  });

  it('answers outdated clients with 426 and unknown collections with 404', async () => {
    const a = await testLogin(base, 'clerk-a');
    expect((await api(base, 'GET', '/api/sync/dossiers/pull', { token: a.accessToken, protocol: 0 })).status).toBe(426);
    expect((await api(base, 'GET', '/api/sync/dossiers/pull', { token: a.accessToken, protocol: null })).status).toBe(426);
    expect((await api(base, 'GET', '/api/sync/secrets/pull', { token: a.accessToken })).status).toBe(404);
  });

  it('serves /api/time in Vietnam time without auth, with a Date header', async () => {
    const res = await api<{ now: string }>(base, 'GET', '/api/time', { protocol: null });
    expect(res.status).toBe(200);
    expect(res.body.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
    expect(Date.parse(res.body.now)).toBe(clock);
    expect(res.headers.get('date')).toMatch(/GMT$/);
    expect((await api(base, 'GET', '/api/sync/dossiers/pull', { protocol: 1 })).headers.get('date')).toMatch(/GMT$/);
  });
});
