import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, serverEngines, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Counters report what they still have to upload; a supervisor reads the reports of its units only.

describe.each(serverEngines)('workstation reports (%s)', (engine) => {
  let kit: TestServer;
  let base: string;
  beforeAll(async () => {
    kit = await testServerStart(engine);
    base = kit.server.url;
    await testUserAdd(kit, 'lan', 'clerk', ['UA']);
    await testUserAdd(kit, 'minh', 'clerk', ['UB']);
    await testUserAdd(kit, 'sep', 'supervisor', ['UA']);
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('keeps the last report per workstation and shows a supervisor its units only', async () => {
    const lan = await testLogin(base, 'lan');
    const minh = await testLogin(base, 'minh');
    const sep = await testLogin(base, 'sep');
    const report = (token: string, body: unknown) => api(base, 'POST', '/api/workstations/report', { token, body });
    expect((await report(lan.accessToken, { workstationId: 'PC-1', workstationName: 'Quầy 1', unitCode: 'UA', pending: 5 })).status).toBe(200);
    const clock = { trusted: false, offsetMs: 1_860_000, measuredAt: '2026-11-30T16:00:00+07:00', override: { userName: 'sep', reason: 'Pin CMOS hỏng, chờ thay', at: '2026-11-30T16:01:00+07:00', until: '2026-11-30T23:59:00+07:00' } };
    expect((await report(lan.accessToken, { workstationId: 'PC-1', workstationName: 'Quầy 1', unitCode: 'UA', pending: 0, clock })).status).toBe(200);
    expect((await report(minh.accessToken, { workstationId: 'PC-2', workstationName: 'Quầy 2', unitCode: 'UB', pending: 3 })).status).toBe(200);
    // Another unit's name, a negative count, an unknown field: refused, nothing written.
    expect((await report(minh.accessToken, { workstationId: 'PC-2', workstationName: 'Quầy 2', unitCode: 'UA', pending: 0 })).status).toBe(403);
    expect((await report(lan.accessToken, { workstationId: 'PC-1', workstationName: 'Quầy 1', unitCode: 'UA', pending: -1 })).status).toBe(400);
    expect((await report(lan.accessToken, { workstationId: 'PC-1', workstationName: 'Quầy 1', unitCode: 'UA', pending: 1, extra: true })).status).toBe(400);
    expect((await api(base, 'POST', '/api/workstations/report', { body: { workstationId: 'PC-1', workstationName: 'Quầy 1', unitCode: 'UA', pending: 9 } })).status).toBe(401);

    const seen = await api<{ now: string; reports: Array<Record<string, unknown>> }>(base, 'GET', '/api/workstations/reports', { token: sep.accessToken });
    expect(seen.status).toBe(200);
    expect(seen.body.reports).toEqual([expect.objectContaining({ workstationId: 'PC-1', workstationName: 'Quầy 1', unitCode: 'UA', pending: 0, userName: 'lan', clock })]);
    expect(String(seen.body.reports[0]?.reportedAt)).toMatch(/\+07:00$/);
    expect(Date.parse(seen.body.now)).toBeGreaterThanOrEqual(Date.parse(String(seen.body.reports[0]?.reportedAt)));
  });
});
