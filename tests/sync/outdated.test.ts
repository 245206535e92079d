import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testWorkstationOpen } from './clientKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';
import { receivedEvent } from '../support/dossierEvents.js';

// HTTP 426 for an outdated client: the province upgrades its server to a newer protocol while a
// workstation still runs the old app. Emulated by a proxy in front of the real server that, once
// "upgraded", presents every request as protocol 0 (older than the server's), so the real
// protocol gate answers. The client must say so (status `outdated`, a clear error) and stop
// talking to the server instead of retrying forever.

interface UpgradeProxy {
  url: string;
  upgraded: boolean;
  /** Drops every open connection (the live streams then reconnect, and meet the upgrade). */
  cut(): void;
  requests: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

async function upgradeProxyStart(targetPort: number): Promise<UpgradeProxy> {
  const proxy: UpgradeProxy = { url: '', upgraded: false, requests: [], cut: () => undefined, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers };
    if (proxy.upgraded) headers['x-motcua-protocol'] = '0';
    // Recorded on arrival (status filled in on answer), so a late answer is not a new request.
    const seen = { method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', status: 0 };
    proxy.requests.push(seen);
    const up = request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers }, (answer) => {
      seen.status = answer.statusCode ?? 0;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.cut = () => server.closeAllConnections();
  proxy.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return proxy;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('outdated client (426) against the server (pglite)', () => {
  let kit: TestServer;
  let proxy: UpgradeProxy;
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    await testUserAdd(kit, 'old1', 'clerk', ['H29.01']);
    await testUserAdd(kit, 'old2', 'clerk', ['H29.01']);
    proxy = await upgradeProxyStart(kit.server.port);
  }, 180_000);
  afterAll(async () => {
    await proxy?.close();
    await kit?.cleanup();
  });

  it('refuses the sign-in of an outdated app with a clear error, not "offline"', async () => {
    const ws = await testWorkstationOpen(proxy.url);
    try {
      proxy.upgraded = true;
      const err: unknown = await ws.service.signInOnline('old1', 'old1-secret-pw').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'validation-failed', details: { reason: 'outdated-client' } });
      expect(String((err as Error).message)).toContain('cập nhật phần mềm');
      expect(ws.service.client.status()).toMatchObject({ outdated: true, signedIn: false });
      expect(proxy.requests.at(-1)).toMatchObject({ path: '/api/auth/login', status: 426 });
    } finally {
      proxy.upgraded = false;
      await ws.close();
    }
  }, 60_000);

  it('stops replicating after a 426 mid-session: state outdated, no further requests, nothing written', async () => {
    const ws = await testWorkstationOpen(proxy.url);
    try {
      expect(await ws.service.signInOnline('old2', 'old2-secret-pw')).toBe('online');
      expect(ws.service.client.status().outdated).toBe(false);
      // Replication runs (its first pull opens the live streams); then the province upgrades the
      // server (open connections drop), and the workstation takes in a dossier.
      const sync = ws.startSync();
      const streamsUp = Date.now() + 20_000;
      while (!ws.service.streams.running() && Date.now() < streamsUp) await sleep(50);
      expect(ws.service.streams.running()).toBe(true);
      proxy.upgraded = true;
      proxy.cut();
      const id = randomUUID();
      await ws.repo.append(receivedEvent(id, { code: 'H29.01-261130-0426' }));
      const deadline = Date.now() + 20_000;
      while (!ws.service.client.status().outdated && Date.now() < deadline) await sleep(50);
      expect(ws.service.client.status().outdated).toBe(true);
      expect(proxy.requests.some((r) => r.status === 426)).toBe(true);
      // Requests already on their way when the first 426 came back may still land; then RxDB
      // retries its handlers every 200 ms and "sync now" asks again: all refused locally.
      await sleep(1_000);
      const seen = proxy.requests.length;
      await sync.syncNow();
      await sleep(2_000);
      expect(proxy.requests.slice(seen)).toEqual([]);
      // The live streams stopped too (they met the 426 on reconnecting): no local retry loop.
      expect(ws.service.streams.running()).toBe(false);
      await expect(ws.service.push('events', [])).rejects.toMatchObject({ code: 'validation-failed', details: { reason: 'outdated-client' } });
      expect(proxy.requests.slice(seen)).toEqual([]);
      // Nothing of the dossier reached the server, and the workstation does not call it acknowledged.
      const rows = await kit.server.db.query("SELECT id FROM sync_docs WHERE id = $1 OR doc->>'dossierId' = $1", [id]);
      expect(rows).toEqual([]);
      expect((await ws.db.dossiers.findOne(id).exec())?.syncState).not.toBe('acknowledged');
    } finally {
      proxy.upgraded = false;
      await ws.close();
    }
  }, 60_000);
});
