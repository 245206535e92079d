import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, serverEngines, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Login back-off under parallel requests (issue 17). Each attempt is reserved, and counted as a
// failure, atomically before its password is checked; once a name or a client address is in
// back-off, exactly one attempt per back-off window passes the gate. So in a burst:
// - a request answered 429 (with Retry-After) had no password checked;
// - a request answered 200 or 401 had its password checked: at most one per window;
// - the right password signs in only if its own request was the one let through.
// The server's clock is the test's; the burst is 40 requests in flight at once.

const burstSize = 40;

interface Outcome {
  status: number;
  retryAfter: number;
  right: boolean;
}

async function burst(base: string, attempts: Array<{ username: string; password: string; right: boolean }>): Promise<Outcome[]> {
  return Promise.all(
    attempts.map(async (a) => {
      const res = await api(base, 'POST', '/api/auth/login', { body: { username: a.username, password: a.password } });
      return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0), right: a.right };
    }),
  );
}

/** Every refusal is a 429 that says when to come back; returns the answers that checked a password. */
function checked(outcomes: Outcome[]): Outcome[] {
  for (const o of outcomes.filter((x) => x.status === 429)) expect(o.retryAfter).toBeGreaterThan(0);
  expect(outcomes.every((o) => [200, 401, 429].includes(o.status))).toBe(true);
  return outcomes.filter((o) => o.status !== 429);
}

describe.each(serverEngines)('login back-off under a parallel burst (%s)', (engine) => {
  let kit: TestServer;
  let base: string;
  let clock = Date.parse('2026-11-30T08:00:00+07:00');
  beforeAll(async () => {
    kit = await testServerStart(engine, { nowMs: () => clock });
    base = kit.server.url;
    await testUserAdd(kit, 'hoa', 'clerk', ['H29.01']);
    await testUserAdd(kit, 'minh', 'clerk', ['H29.01']);
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('per user name: after 5 failures, one password is checked per window, the right one only if it was let through', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await api(base, 'POST', '/api/auth/login', { body: { username: 'hoa', password: `wrong-${i}` } })).status).toBe(401);
    }
    const mixed = Array.from({ length: burstSize }, (_, i) =>
      i === 17 ? { username: 'hoa', password: 'hoa-secret-pw', right: true } : { username: 'hoa', password: `guess-${i}`, right: false },
    );
    // Still inside the 2 s pause that followed the 5th failure: nothing is checked at all.
    expect(checked(await burst(base, mixed))).toEqual([]);

    // The pause is over: exactly one request passes the gate, the other 39 are refused unchecked.
    clock += 2_000;
    const open = checked(await burst(base, mixed));
    expect(open).toHaveLength(1);
    const [passed] = open;
    // The right password signed in if and only if its request was the one let through.
    expect(passed?.status).toBe(passed?.right ? 200 : 401);
    const tokens = await kit.server.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'hoa'`,
    );
    expect(Number(tokens[0]?.n)).toBe(passed?.right ? 1 : 0);

  }, 120_000);

  it('a burst of the right password alone signs in once per window; the success clears the count, not the window', async () => {
    await testUserAdd(kit, 'lan', 'clerk', ['H29.01']);
    for (let i = 0; i < 5; i++) {
      expect((await api(base, 'POST', '/api/auth/login', { body: { username: 'lan', password: `wrong-${i}` } })).status).toBe(401);
    }
    clock += 2_000;
    const right = Array.from({ length: burstSize }, () => ({ username: 'lan', password: 'lan-secret-pw', right: true }));
    expect(checked(await burst(base, right)).map((o) => o.status)).toEqual([200]);
    expect((await api(base, 'POST', '/api/auth/login', { body: { username: 'lan', password: 'lan-secret-pw' } })).status).toBe(429);
    clock += 4_000;
    expect((await api(base, 'POST', '/api/auth/login', { body: { username: 'lan', password: 'lan-secret-pw' } })).status).toBe(200);
    expect((await api(base, 'POST', '/api/auth/login', { body: { username: 'lan', password: 'lan-secret-pw' } })).status).toBe(200);
  }, 120_000);

  it('per client address across different user names: once in back-off, one password per window', async () => {
    // A fresh hour for this address; its free failures spent on names that each fail once.
    clock += 2 * 60 * 60_000;
    for (let i = 0; i < 20; i++) {
      expect((await api(base, 'POST', '/api/auth/login', { body: { username: `spray-${i}`, password: 'mat-khau-doan' } })).status).toBe(401);
    }
    const spray = Array.from({ length: burstSize }, (_, i) =>
      i === 23 ? { username: 'minh', password: 'minh-secret-pw', right: true } : { username: `other-${i}`, password: 'mat-khau-doan', right: false },
    );
    expect(checked(await burst(base, spray))).toEqual([]);
    clock += 2_000;
    const open = checked(await burst(base, spray));
    expect(open).toHaveLength(1);
    expect(open[0]?.status).toBe(open[0]?.right ? 200 : 401);
  }, 120_000);
});
