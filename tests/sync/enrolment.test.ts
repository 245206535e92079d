import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleImportServer } from '../../server/bundle/bundleImport.js';
import { nodeBundleCrypto } from '../../server/bundle/nodeBundleCrypto.js';
import { bundleTrustLoad } from '../../server/bundle/trustStore.js';
import { blockAssign } from '../../server/services/blocks.js';
import { blobStoreFs } from '../../server/services/blobStore.js';
import { bundleSeal, type BundleManifest, type BundleSigner } from '../../shared/sync/bundle.js';
import { eventWire } from '../support/dossierEvents.js';
import { dossierReceived, fileAttached, sha } from './fileKit.js';
import { api, serverEngines, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Workstation enrolment replaces trust on first use (issue 17): a counter PC asks with its bundle
// key and gains nothing until an admin of its unit approves; only then does the server take its
// bundles. An enrolled workstation belongs to its unit: another unit can neither enrol it, report
// for it nor claim its blocks.

function signerMake(workstationId: string): BundleSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { workstationId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), sign: (d) => sign(null, d, privateKey) };
}

const secret = randomBytes(32);
const secrets = new Map([['gl-2026', secret]]);

describe.each(serverEngines)('workstation enrolment (%s)', (engine) => {
  let kit: TestServer;
  let base = '';
  const t: Record<string, string> = {};
  beforeAll(async () => {
    kit = await testServerStart(engine);
    base = kit.server.url;
    await testUserAdd(kit, 'lan', 'clerk', ['H71.01']);
    await testUserAdd(kit, 'admin-a', 'admin', ['H71.01']);
    await testUserAdd(kit, 'minh', 'clerk', ['H71.02']);
    await testUserAdd(kit, 'admin-b', 'admin', ['H71.02']);
    for (const name of ['lan', 'admin-a', 'minh', 'admin-b']) t[name] = (await testLogin(base, name)).accessToken;
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  const enrol = (token: string | undefined, body: Record<string, unknown>) => api<{ enrolment: Record<string, unknown> }>(base, 'POST', '/api/workstations/enrol', { token: token ?? '', body });
  const approve = (token: string | undefined, id: string, body: Record<string, unknown> = {}) => api<{ enrolment: Record<string, unknown> }>(base, 'POST', `/api/workstations/${id}/approve`, { token: token ?? '', body });
  const enrolments = async () => kit.server.db.query('SELECT * FROM workstation_enrolments ORDER BY workstation_id');

  it('takes a workstation’s bundles only after an admin of its unit approves its key', async () => {
    const pc = signerMake('PC-A1');
    const d = dossierReceived('H71.01');
    const scan = randomBytes(5_000);
    const manifest: BundleManifest = {
      // Ids in event order: a bundle's manifest holds its rows sorted by id (bundleManifestCanonical).
      rows: { events: [eventWire({ ...d.received, id: `a-${randomUUID()}` }, 'H71.01'), eventWire({ ...fileAttached(d.id, sha(scan)), id: `b-${randomUUID()}` }, 'H71.01')] as BundleManifest['rows']['events'], files: [] },
      blobs: [{ sha256: sha(scan), size: scan.length }],
    };
    const bytes = bundleSeal(nodeBundleCrypto, { manifest, blobBytes: () => scan, signer: pc, secret: { id: 'gl-2026', key: secret }, createdAt: '2026-11-30T17:00:00+07:00' }).bytes;
    const importIt = () => bundleImportServer(kit.server.db, blobStoreFs(join(kit.dataDir, 'blobs')), bytes, { secrets, tmpDir: kit.dataDir });

    const asked = await enrol(t.lan, { workstationId: 'PC-A1', name: 'Quầy 1', unitCode: 'H71.01', bundlePublicKeyPem: pc.publicKeyPem });
    expect(asked.status).toBe(200);
    const keyId = nodeBundleCrypto.keyIdOf(pc.publicKeyPem);
    expect(asked.body.enrolment).toMatchObject({ workstationId: 'PC-A1', unitCode: 'H71.01', status: 'pending', keyId, requestedBy: 'lan' });
    // Pending: not trusted, the bundle is refused.
    expect((await bundleTrustLoad(kit.server.db, secrets)).publicKeyOf('PC-A1')).toBeUndefined();
    await expect(importIt()).rejects.toMatchObject({ code: 'bundle-untrusted' });

    // Another unit's admin cannot see or approve it; a clerk cannot approve; a stale key id is refused.
    const before = await enrolments();
    expect((await approve(t['admin-b'], 'PC-A1')).status).toBe(404);
    expect((await approve(t.lan, 'PC-A1')).status).toBe(403);
    expect((await approve(t['admin-a'], 'PC-A1', { keyId: 'f'.repeat(32) })).status).toBe(409);
    expect((await api<{ enrolments: unknown[] }>(base, 'GET', '/api/workstations/enrolments', { token: t['admin-b'] ?? '' })).body.enrolments).toEqual([]);
    expect(await enrolments()).toEqual(before);

    const listed = await api<{ enrolments: Array<Record<string, unknown>> }>(base, 'GET', '/api/workstations/enrolments', { token: t['admin-a'] ?? '' });
    expect(listed.body.enrolments).toEqual([expect.objectContaining({ workstationId: 'PC-A1', status: 'pending', keyId })]);
    const ok = await approve(t['admin-a'], 'PC-A1', { keyId });
    expect(ok.status).toBe(200);
    expect(ok.body.enrolment).toMatchObject({ status: 'approved', approvedBy: 'admin-a' });
    const trust = await bundleTrustLoad(kit.server.db, secrets);
    expect(trust.unitsOf('PC-A1')).toEqual(['H71.01']);
    const imported = await importIt();
    expect(imported).toMatchObject({ workstationId: 'PC-A1', written: 2, rejected: [] });
    // The bundle held the bytes: the unit reads the scan its events link.
    expect((await api(base, 'GET', `/api/files/${sha(scan)}`, { token: t.lan ?? '' })).status).toBe(200);

    // Asking again with the same key changes nothing; a new key (a reinstalled PC) needs a new approval.
    expect((await enrol(t.lan, { workstationId: 'PC-A1', name: 'Quầy 1', unitCode: 'H71.01', bundlePublicKeyPem: pc.publicKeyPem })).body.enrolment).toMatchObject({ status: 'approved' });
    const fresh = signerMake('PC-A1');
    expect((await enrol(t.lan, { workstationId: 'PC-A1', name: 'Quầy 1', unitCode: 'H71.01', bundlePublicKeyPem: fresh.publicKeyPem })).body.enrolment).toMatchObject({ status: 'pending' });
    expect((await bundleTrustLoad(kit.server.db, secrets)).publicKeyOf('PC-A1')).toBeUndefined();
  });

  it('binds an enrolled workstation to its unit: another unit cannot enrol it, report for it or claim its blocks', async () => {
    const pc = signerMake('PC-A2');
    expect((await enrol(t.lan, { workstationId: 'PC-A2', name: 'Quầy 2', unitCode: 'H71.01', bundlePublicKeyPem: pc.publicKeyPem })).status).toBe(200);
    await blockAssign(kit.server.db, { workstationId: 'PC-A2', agencyCode: 'H71.01', size: 10 });
    await blockAssign(kit.server.db, { workstationId: 'PC-A2', agencyCode: 'H71.02', size: 10 });
    const before = {
      enrolments: await enrolments(),
      blocks: await kit.server.db.query('SELECT id, claimed_at FROM sequence_blocks ORDER BY id'),
      reports: await kit.server.db.query('SELECT * FROM workstation_reports ORDER BY workstation_id'),
    };
    const other = signerMake('PC-A2');
    const takeOver = await enrol(t.minh, { workstationId: 'PC-A2', name: 'Quầy của Minh', unitCode: 'H71.02', bundlePublicKeyPem: other.publicKeyPem });
    expect(takeOver.status).toBe(403);
    const report = await api(base, 'POST', '/api/workstations/report', { token: t.minh ?? '', body: { workstationId: 'PC-A2', workstationName: 'Quầy 2', unitCode: 'H71.02', pending: 0 } });
    expect(report.status).toBe(403);
    const claim = await api(base, 'POST', '/api/blocks/claim', { token: t.minh ?? '', body: { workstationId: 'PC-A2' } });
    expect(claim.status).toBe(403);
    expect({
      enrolments: await enrolments(),
      blocks: await kit.server.db.query('SELECT id, claimed_at FROM sequence_blocks ORDER BY id'),
      reports: await kit.server.db.query('SELECT * FROM workstation_reports ORDER BY workstation_id'),
    }).toEqual(before);
    // Its own unit's clerk claims its unit's block only, and reports for it.
    const own = await api<{ blocks: Array<{ agencyCode: string }> }>(base, 'POST', '/api/blocks/claim', { token: t.lan ?? '', body: { workstationId: 'PC-A2' } });
    expect(own.body.blocks.map((b) => b.agencyCode)).toEqual(['H71.01']);
    expect((await api(base, 'POST', '/api/workstations/report', { token: t.lan ?? '', body: { workstationId: 'PC-A2', workstationName: 'Quầy 2', unitCode: 'H71.01', pending: 3 } })).status).toBe(200);
  });

  it('keeps a workstation that is not enrolled with the unit of its first report', async () => {
    const report = (token: string | undefined, unitCode: string, pending: number) =>
      api(base, 'POST', '/api/workstations/report', { token: token ?? '', body: { workstationId: 'PC-B9', workstationName: 'Quầy 9', unitCode, pending } });
    expect((await report(t.minh, 'H71.02', 4)).status).toBe(200);
    const before = await kit.server.db.query('SELECT * FROM workstation_reports WHERE workstation_id = $1', ['PC-B9']);
    expect((await report(t.lan, 'H71.01', 0)).status).toBe(403);
    expect(await kit.server.db.query('SELECT * FROM workstation_reports WHERE workstation_id = $1', ['PC-B9'])).toEqual(before);
    expect((await report(t.minh, 'H71.02', 1)).status).toBe(200);
  });

  it('refuses a malformed or unsafe enrolment, and an anonymous one', async () => {
    const pc = signerMake('PC-A3');
    const body = { workstationId: 'PC-A3', name: 'Quầy 3', unitCode: 'H71.01', bundlePublicKeyPem: pc.publicKeyPem };
    const before = await enrolments();
    expect((await enrol(t.lan, { ...body, bundlePublicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PUBLIC KEY-----' })).status).toBe(400);
    expect((await enrol(t.lan, { ...body, name: 'Quầy\u0000 3' })).status).toBe(400);
    expect((await enrol(t.lan, { ...body, extra: 1 })).status).toBe(400);
    expect((await enrol(t['admin-a'], body)).status).toBe(403);
    expect((await api(base, 'POST', '/api/workstations/enrol', { body })).status).toBe(401);
    expect(await enrolments()).toEqual(before);
  });
});
