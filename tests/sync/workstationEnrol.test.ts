import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendWorkstationOpen, type BackendWorkstation } from './backendKit.js';
import { api, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// The app enrols its workstation itself (issue 17): after it reports to the server, it asks to be
// enrolled for its unit with its bundle key; it keeps asking until an admin approves, and then
// knows it is approved. The server trusts nothing until then.

describe('a workstation enrols after its report', () => {
  let kit: TestServer;
  let ws: BackendWorkstation;
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    await testUserAdd(kit, 'lan', 'clerk', ['H29.01']);
    await testUserAdd(kit, 'quan-tri', 'admin', ['H29.01']);
    ws = await backendWorkstationOpen(kit.server.url);
  }, 300_000);
  afterAll(async () => {
    await ws?.cleanup();
    await kit?.cleanup();
  }, 120_000);

  const enrolments = () => kit.server.db.query<{ workstation_id: string; name: string; unit_code: string; status: string; requested_by: string; key_id: string }>(
    'SELECT workstation_id, name, unit_code, status, requested_by, key_id FROM workstation_enrolments',
  );
  const saved = async () => JSON.parse(await readFile(join(ws.dataDir, 'sync', 'enrolment.json'), 'utf8').catch(() => '{}')) as { status?: string };

  it('asks with its id, name, unit and bundle key, and learns of the approval', async () => {
    expect(await ws.call('session:signIn', { username: 'lan', password: 'lan-secret-pw' })).toMatchObject({ ok: true });
    expect(await ws.call('workstations:report', { pending: 0 })).toMatchObject({ ok: true, value: { reported: true } });
    await vi.waitFor(async () => expect(await saved()).toMatchObject({ status: 'pending' }), { timeout: 20_000, interval: 50 });
    const identity = (await ws.call('bundle:identity')) as { ok: true; value: { workstationId: string; publicKeyPem: string } };
    const [asked] = await enrolments();
    expect(asked).toMatchObject({ workstation_id: identity.value.workstationId, name: 'Quầy 1', unit_code: 'H29.01', status: 'pending', requested_by: 'lan' });

    const admin = await testLogin(kit.server.url, 'quan-tri');
    expect((await api(kit.server.url, 'POST', `/api/workstations/${identity.value.workstationId}/approve`, { token: admin.accessToken, body: { keyId: asked?.key_id } })).status).toBe(200);
    expect(await ws.call('workstations:report', { pending: 0 })).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect(await saved()).toMatchObject({ status: 'approved' }), { timeout: 20_000, interval: 50 });
    expect(await enrolments()).toEqual([expect.objectContaining({ status: 'approved' })]);
  });
});
