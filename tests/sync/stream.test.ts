import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncProtocolVersion } from '../../shared/sync/eventWire.js';
import { eventWire, receivedEvent } from '../support/dossierEvents.js';
import { api, serverEngines, streamOpen, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// The live stream says RESYNC on connect and after writes to the listener's units only: an accepted
// event wakes its unit's `events` stream and, through the projection the server derives, `dossiers`.

const waitFor = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe.each(serverEngines)('live stream (%s)', (engine) => {
  let kit: TestServer;
  beforeAll(async () => {
    kit = await testServerStart(engine);
    await testUserAdd(kit, 'c1', 'clerk', ['S01.1']);
    await testUserAdd(kit, 'c2', 'clerk', ['S01.1']);
    await testUserAdd(kit, 'other', 'clerk', ['S02.1']);
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('tells same-unit listeners to RESYNC after a push, and nobody else', async () => {
    const [c1, c2, other] = await Promise.all(['c1', 'c2', 'other'].map((u) => testLogin(kit.server.url, u)));
    const abort = new AbortController();
    try {
      const mine = await streamOpen(`${kit.server.url}/api/sync/events/stream`, c2!.accessToken, abort.signal);
      const theirs = await streamOpen(`${kit.server.url}/api/sync/events/stream`, other!.accessToken, abort.signal);
      const dossiers = await streamOpen(`${kit.server.url}/api/sync/dossiers/stream`, c2!.accessToken, abort.signal);
      const files = await streamOpen(`${kit.server.url}/api/sync/files/stream`, c2!.accessToken, abort.signal);
      expect(mine.status).toBe(200);
      await waitFor(() => [mine, theirs, dossiers, files].every((s) => s.messages.length === 1));
      expect(mine.messages).toEqual(['"RESYNC"']);
      const t0 = Date.now();
      const event = receivedEvent('dossier-stream-1', { code: 'S01.1-261130-0001', agencyCode: 'S01.1' });
      const pushed = await api<{ rejected: unknown[] }>(kit.server.url, 'POST', '/api/sync/events/push', { token: c1!.accessToken, body: [{ newDocumentState: eventWire(event, 'S01.1') }] });
      expect(pushed.body.rejected).toEqual([]);
      await waitFor(() => mine.messages.length === 2 && dossiers.messages.length === 2);
      expect([mine.messages.length, dossiers.messages.length]).toEqual([2, 2]);
      expect(Date.now() - t0).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 200));
      expect(theirs.messages.length).toBe(1);
      expect(files.messages.length).toBe(1);
    } finally {
      abort.abort();
    }
  });

  it('refuses outdated or anonymous stream clients', async () => {
    const res = await fetch(`${kit.server.url}/api/sync/dossiers/stream?protocol=0`);
    expect(res.status).toBe(426);
    expect((await fetch(`${kit.server.url}/api/sync/dossiers/stream?protocol=1`)).status).toBe(426);
    expect((await fetch(`${kit.server.url}/api/sync/dossiers/stream?protocol=${syncProtocolVersion}`)).status).toBe(401);
  });
});
