import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCreate, type Backend } from '../../electron/app/backend.js';
import { configCreate } from '../../electron/config/config.js';
import { syncServiceFor } from '../../electron/ipc/handlers/sync.js';
import { certErrorCodeOf, serverCaCheck, serverTrustCreate, serverTrustOf, serverUrlCheck } from '../../electron/services/serverLink/serverTrust.js';
import { AppError } from '../../shared/contract/errors.js';
import { serverStart, type RunningServer } from '../../server/start.js';
import { userAdd } from '../../server/services/users.js';
import { testPkiMake, type TestPki } from './certs.js';

// Transport (issue 13): the provincial server runs HTTPS with a certificate issued by a
// self-signed "provincial CA" (openssl, at test time). The workstation's real main-side services
// refuse it while no CA is pinned (the system trust store does not know it), and refuse a pinned
// CA that is not the issuer; once the right CA is pinned, the link check, online sign-in, a pull
// and a tus upload go through. A plain-HTTP server URL is refused before any byte is sent.

const setup = { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1' };
let dir: string;
let pki: TestPki;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-transport-'));
  pki = await testPkiMake(dir);
  server = await serverStart(
    {
      host: '127.0.0.1', port: 0, dataDir: join(dir, 'server'), init: true, databaseUrl: undefined, s3: undefined,
      tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile }, trustProxy: false, accessTtlSec: 900, refreshTtlSec: 86_400,
    },
    {},
  );
  await userAdd(server.db, { username: 'lan', password: 'mat-khau-lan-1', role: 'clerk', units: ['H29.01'] });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function workstation(name: string): { backend: Backend; call: (n: string, a?: unknown) => ReturnType<Backend['invoke']> } {
  const backend = backendCreate(configCreate({ dataDir: join(dir, name), linkIntervalMs: 3_600_000 }));
  return { backend, call: (n, a = {}) => backend.invoke(n, a, 'test') };
}

describe('HTTPS trust of the provincial server', () => {
  it('serves HTTPS on 127.0.0.1 with the test certificate', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses the server until the provincial CA is pinned, then links, signs in, pulls and uploads', async () => {
    const { backend, call } = workstation('ws-pin');
    const events: unknown[] = [];
    backend.services.bus.subscribe((name, payload) => {
      if (name === 'link:changed') events.push(payload);
    });
    const sync = syncServiceFor(backend.services);
    try {
      expect(await call('setup:save', { ...setup, serverUrl: server.url })).toMatchObject({ ok: true });

      // No pin: the system trust store applies and does not know the provincial CA.
      expect(await call('link:check')).toMatchObject({ ok: true, value: { online: false, error: 'server-cert-untrusted' } });
      expect(events).toContainEqual(expect.objectContaining({ online: false, error: 'server-cert-untrusted' }));
      const login = await sync.client.login('lan', 'mat-khau-lan-1').catch((e: unknown) => e);
      expect(login).toBeInstanceOf(AppError);
      expect(login).toMatchObject({ code: 'server-cert-untrusted', details: { reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
      expect(await call('sync:status')).toMatchObject({ ok: true, value: { signedIn: false, lastError: 'server-cert-untrusted' } });
      // The clerk is not known on this PC yet and the server could not be trusted: no sign-in.
      expect(await call('session:signIn', { username: 'lan', password: 'mat-khau-lan-1' })).toMatchObject({ ok: false });

      // A pinned CA that did not issue the server certificate: still refused (the pin replaces the store).
      expect(await call('setup:save', { ...setup, serverUrl: server.url, serverCaPem: pki.otherCaPem })).toMatchObject({ ok: true });
      expect(await call('link:check')).toMatchObject({ ok: true, value: { online: false, error: 'server-cert-untrusted' } });

      // Bad pins are refused with stable codes and nothing is saved.
      expect(await call('setup:save', { ...setup, serverUrl: server.url, serverCaPem: pki.serverCertPem })).toMatchObject({
        ok: false,
        error: { code: 'server-ca-invalid', details: { field: 'serverCaPem', reason: 'not-a-ca' } },
      });
      const broken = '-----BEGIN CERTIFICATE-----\nTUFJIExBTgo=\n-----END CERTIFICATE-----\n';
      expect(await call('setup:save', { ...setup, serverUrl: server.url, serverCaPem: broken })).toMatchObject({
        ok: false,
        error: { code: 'server-ca-invalid', details: { reason: 'not-a-certificate' } },
      });
      expect(await call('setup:save', { ...setup, serverUrl: server.url, serverCaPem: 'chứng chỉ' })).toMatchObject({
        ok: false,
        error: { code: 'validation-failed', details: { field: 'serverCaPem' } },
      });
      expect(await call('app:status')).toMatchObject({ ok: true, value: { settings: { serverCaPem: pki.otherCaPem.trim() } } });

      // The provincial CA pinned: everything goes through.
      expect(await call('setup:save', { ...setup, serverUrl: server.url, serverCaPem: pki.caPem })).toMatchObject({ ok: true });
      const linked = await call('link:check');
      expect(linked).toMatchObject({ ok: true, value: { online: true, error: null } });
      if (linked.ok) expect(Math.abs((linked.value as { offsetMs: number }).offsetMs)).toBeLessThan(5_000);
      expect(events.at(-1)).toMatchObject({ online: true, error: null });
      expect(await call('session:signIn', { username: 'lan', password: 'mat-khau-lan-1' })).toMatchObject({ ok: true, value: { userName: expect.any(String) } });
      expect(await call('sync:status')).toMatchObject({ ok: true, value: { signedIn: true, username: 'lan' } });
      expect(await call('sync:pull', { collection: 'events', checkpoint: null, limit: 10 })).toMatchObject({ ok: true, value: { documents: [] } });
      const { sha256 } = await backend.services.blobs.put(Buffer.from('%PDF-1.4\n% tờ khai qua HTTPS\n%%EOF\n'));
      expect(await call('sync:filesUpload', { sha256: [sha256] })).toMatchObject({ ok: true, value: { uploaded: 1, skipped: 0, failed: [] } });
      // The bytes reached the server over the pinned link (HEAD through the same trust).
      expect(await call('sync:filesUpload', { sha256: [sha256] })).toMatchObject({ ok: true, value: { uploaded: 0, skipped: 1 } });
    } finally {
      sync.streams.stop();
      backend.services.link.stop();
      await serverTrustOf(backend.services.settings).close();
    }
  }, 60_000);

  it('refuses tus uploads to the unpinned server at once, without the retry loop', async () => {
    const trust = serverTrustCreate({ caPem: async () => null });
    const started = Date.now();
    const error = await new Promise<unknown>((resolve) => {
      void trust.tusHttpStack().then((httpStack) => {
        new tus.Upload(Buffer.from('x'), {
          endpoint: `${server.url}/api/files/tus`,
          httpStack,
          retryDelays: [1000, 2000, 4000],
          onShouldRetry: (err) => certErrorCodeOf(err) === null,
          onError: resolve,
          onSuccess: () => resolve(null),
        }).start();
      });
    });
    expect(certErrorCodeOf(error)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(Date.now() - started).toBeLessThan(1000);
    await trust.close();
  });

  it('refuses a plain-HTTP server URL other than this PC, in settings and in the transport', async () => {
    const { backend, call } = workstation('ws-http');
    try {
      const saved = await call('setup:save', { ...setup, serverUrl: 'http://10.0.0.5:8080' });
      expect(saved).toMatchObject({ ok: false, error: { code: 'validation-failed', details: { field: 'serverUrl' } } });
      if (!saved.ok) expect(saved.error.message).toContain('Máy chủ phải dùng HTTPS (chỉ 127.0.0.1 được dùng HTTP)');
      expect(await call('app:status')).toMatchObject({ ok: true, value: { configured: false } });
      // Loopback may stay plain HTTP (a local server or a tunnel ending on this PC).
      expect(await call('setup:save', { ...setup, serverUrl: 'http://127.0.0.1:9' })).toMatchObject({ ok: true });
      // The transport refuses plain HTTP by itself too, before connecting (10.0.0.5 is never dialled).
      const trust = serverTrustCreate({ caPem: async () => null });
      await expect(trust.fetch('http://10.0.0.5:8080/api/time')).rejects.toMatchObject({ code: 'validation-failed', details: { reason: 'plain-http' } });
      expect(() => serverUrlCheck('http://127.0.0.1.nip.io/')).toThrow(AppError);
      expect(serverUrlCheck('http://localhost:8787/').host).toBe('localhost:8787');
      await trust.close();
    } finally {
      backend.services.link.stop();
    }
  });

  it('checks a pinned CA: a CA certificate, valid now', () => {
    expect(serverCaCheck(pki.caPem)).toContain('-----BEGIN CERTIFICATE-----');
    expect(serverCaCheck(`${pki.caPem}\n${pki.otherCaPem}`).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(() => serverCaCheck(pki.caPem, Date.now() + 365 * 86_400_000)).toThrow(expect.objectContaining({ code: 'server-ca-invalid', details: expect.objectContaining({ reason: 'expired' }) }));
    expect(() => serverCaCheck('no pem here')).toThrow(expect.objectContaining({ code: 'server-ca-invalid', details: expect.objectContaining({ reason: 'not-pem' }) }));
  });
});
