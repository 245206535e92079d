import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventWire, receivedEvent } from '../support/dossierEvents.js';
import { api, serverEngines, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Text a database cannot store, or a value nested without end, from any client: a push refuses
// that row alone (the rest of the batch is stored, the client is never stuck retrying); any other
// request answers 400 with a stable code. Never a 500, never the database's own message.

const unit = 'H29.01';

describe.each(serverEngines)('bad text from a client (%s)', (engine) => {
  let kit: TestServer;
  let base = '';
  let token = '';
  beforeAll(async () => {
    kit = await testServerStart(engine);
    base = kit.server.url;
    await testUserAdd(kit, 'lan', 'clerk', [unit]);
    token = (await testLogin(base, 'lan')).accessToken;
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('a push stores the good rows and refuses a NUL, a lone surrogate and a deep nest, each on its own row', async () => {
    const good = receivedEvent('dossier-good-1', { code: `${unit}-261130-0001`, agencyCode: unit });
    const nul = receivedEvent('dossier-nul-1', { code: `${unit}-261130-0002`, agencyCode: unit, applicantName: 'Đỗ\u0000Hương' });
    const lone = { ...eventWire(receivedEvent('dossier-lone-1', { code: `${unit}-261130-0003`, agencyCode: unit }), unit), note: 'x\udc00y' };
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { deep };
    const nested = { ...eventWire(receivedEvent('dossier-deep-1', { code: `${unit}-261130-0004`, agencyCode: unit }), unit), clock: deep };
    const rows = [eventWire(nul, unit), eventWire(good, unit), lone, nested].map((d) => ({ newDocumentState: d }));
    const res = await api<{ rejected: Array<{ index: number; code: string; reason: string }> }>(base, 'POST', '/api/sync/events/push', { token, body: rows });
    expect(res.status).toBe(200);
    expect(res.body.rejected.map((r) => [r.index, r.code])).toEqual([[0, 'bad-text'], [2, 'bad-text'], [3, 'too-deep']]);
    expect(JSON.stringify(res.body)).not.toMatch(/invalid byte sequence|unsupported Unicode|22P05|22021/);
    const pulled = await api<{ documents: Array<{ id: string }> }>(base, 'GET', '/api/sync/events/pull?limit=100', { token });
    expect(pulled.body.documents.map((d) => d.id)).toEqual([good.id]);
  });

  it('a login, a workstation report and a block claim with such text answer 400 validation-failed', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/auth/login', { username: 'lan\u0000', password: 'x' }],
      ['POST', '/api/auth/login', { username: 'lan', password: 'p\ud800w' }],
      ['POST', '/api/workstations/report', { workstationId: 'PC1', workstationName: 'Quầy\u0000', unitCode: unit, pending: 0 }],
      ['POST', '/api/blocks/claim', { workstationId: 'PC\udfff1' }],
    ];
    for (const [method, path, body] of cases) {
      const res = await api<{ error: { code: string; details?: { reason?: string } } }>(base, method, path, { token, body });
      expect([path, res.status, res.body.error.code, res.body.error.details?.reason]).toEqual([path, 400, 'validation-failed', 'bad-text']);
    }
    expect((await testLogin(base, 'lan')).accessToken).toBeTruthy();
  });
});
