import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRevoke } from '../../server/services/users.js';
import { api, serverEngines, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// The user directory a workstation keeps (issue 17): who may act for its units, in which role,
// and who is revoked; never a password hash. Every staff role reads its own units' list, so
// roles and revocations reach every offline counter; nothing in it helps attack a password.

const roles = ['clerk', 'postal', 'supervisor', 'admin'] as const;

describe.each(serverEngines)('user directory (%s)', (engine) => {
  let kit: TestServer;
  let base: string;
  beforeAll(async () => {
    kit = await testServerStart(engine);
    base = kit.server.url;
    for (const role of roles) await testUserAdd(kit, `${role}-a`, role, ['UA']);
    await testUserAdd(kit, 'clerk-b', 'clerk', ['UB']);
    await testUserAdd(kit, 'sep-ab', 'supervisor', ['UA', 'UB']);
    await testUserAdd(kit, 'gone-a', 'clerk', ['UA']);
    await userRevoke(kit.server.db, { username: 'gone-a' });
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it.each(roles)('answers a %s its units\' people with roles and revocations, and no password hash', async (role) => {
    const { accessToken } = await testLogin(base, `${role}-a`);
    const res = await api<{ users: Array<Record<string, unknown>> }>(base, 'GET', '/api/users/directory', { token: accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|hash/i);
    for (const user of res.body.users) expect(Object.keys(user).sort()).toEqual(['displayName', 'id', 'revoked', 'role', 'units', 'username']);
    expect(res.body.users.map((u) => [u.username, u.role, u.units, u.revoked])).toEqual([
      ['admin-a', 'admin', ['UA'], false],
      ['clerk-a', 'clerk', ['UA'], false],
      ['gone-a', 'clerk', ['UA'], true],
      ['postal-a', 'postal', ['UA'], false],
      // Only the caller's units are named: unit B is none of a unit-A caller's business.
      ['sep-ab', 'supervisor', ['UA'], false],
      ['supervisor-a', 'supervisor', ['UA'], false],
    ]);
  });

  it('is refused without a token', async () => {
    expect((await api(base, 'GET', '/api/users/directory')).status).toBe(401);
  });
});
