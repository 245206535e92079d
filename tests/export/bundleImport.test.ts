import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command.js';
import { cliRun } from '../../cli/main.js';
import { bundleSeal, type BundleManifest, type BundleSigner } from '../../shared/sync/bundle.js';
import { generateKeyPairSync, sign } from 'node:crypto';
import { serverConfigParse } from '../../server/config.js';
import { serverDbOpen } from '../../server/start.js';
import { nodeBundleCrypto } from '../../server/bundle/nodeBundleCrypto.js';
import { syncPush } from '../../server/services/syncStore.js';
import { actionEvent, eventWire, receivedEvent } from '../support/dossierEvents.js';

// `motcua server import-bundle`: a workstation's bundle carried on a USB stick into the server
// store, once, through the same per-row check as a push; a second import writes nothing; altered
// or foreign bundles are refused, and so is another unit's dossier relabelled to the signer's unit.

function signerMake(workstationId: string): BundleSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { workstationId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), sign: (d) => sign(null, d, privateKey) };
}

function captureIo(env: Record<string, string>): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { out: (t) => outText.push(t), err: (t) => errText.push(t), env, cwd: process.cwd(), outText, errText };
}

const secret = randomBytes(32);
const env = { MOTCUA_BUNDLE_SECRETS: `gl-2026=${secret.toString('base64')}` };
const at = '2026-03-02T10:00:00+07:00';

describe('motcua server import-bundle', () => {
  let dir = '';
  let data = '';
  let good = '';
  let foreign = '';
  let otherUnit = '';
  const pc3 = signerMake('PC3');
  const scan = randomBytes(20_000);
  const sha = nodeBundleCrypto.sha256(scan);
  const shaHex = Buffer.from(sha).toString('hex');
  const pc1 = signerMake('PC1');
  const dossierId = 'dossier-bundle-1';
  const received = receivedEvent(dossierId, { code: 'H05.01-260302-0001', agencyCode: 'H05.01', at });
  const attached = actionEvent(dossierId, 2, 'file-attached', { sha256: shaHex, name: 'scan.pdf', componentCode: null, role: 'component', digitised: true, reused: false });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-sbundle-'));
    data = join(dir, 'data');
    const manifest: BundleManifest = {
      rows: {
        events: [received, attached].map((e) => eventWire(e, 'H05.01') as BundleManifest['rows']['events'][number]).concat([{ id: 'bad', unitCode: 'H05.01' }]),
        files: [{ id: 'f1', unitCode: 'H05.01', createdAt: at, _deleted: false, sha256: shaHex, size: scan.length, dossierId, name: 'scan.pdf', mime: 'application/pdf' }],
      },
      blobs: [{ sha256: shaHex, size: scan.length }],
    };
    const seal = (signer: BundleSigner) => bundleSeal(nodeBundleCrypto, { manifest, blobBytes: () => scan, signer, secret: { id: 'gl-2026', key: secret }, createdAt: at }).bytes;
    good = join(dir, 'pc1.mcb');
    foreign = join(dir, 'pc9.mcb');
    await writeFile(good, seal(pc1));
    await writeFile(foreign, seal(signerMake('PC9')));
    await writeFile(join(dir, 'pc1.pem'), pc1.publicKeyPem);
    otherUnit = join(dir, 'pc3.mcb');
    await writeFile(otherUnit, seal(pc3));
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('trusts a workstation, imports its bundle once, and a second import (real process) writes nothing', { timeout: 180_000 }, async () => {
    const io = captureIo(env);
    expect(await cliRun(['server', 'workstation', 'trust', '--id', 'PC1', '--public-key', join(dir, 'pc1.pem'), '--units', 'H05.01', '--data', data, '--init'], io)).toBe(0);
    expect(await cliRun(['server', 'import-bundle', good, '--data', data, '--json'], io)).toBe(0);
    const first = JSON.parse(io.outText.at(-1) ?? '{}') as Record<string, unknown>;
    expect(first).toMatchObject({ workstationId: 'PC1', alreadyImported: false, written: 3, blobsStored: 1, counts: { events: { written: 2, rejected: 1 }, files: { written: 1 } } });
    expect(first.rejected).toEqual([expect.objectContaining({ collection: 'events', id: 'bad' })]);

    const { stdout } = await promisify(execFile)(process.execPath, ['bin/motcua.js', 'server', 'import-bundle', good, '--data', data, '--json'], { env: { ...process.env, ...env } });
    const second = JSON.parse(stdout) as Record<string, unknown>;
    expect(second).toMatchObject({ alreadyImported: true, written: 0, blobsStored: 0, blobsPresent: 1 });

    const { db, close } = await serverDbOpen(serverConfigParse(['--data', data], {}, process.cwd()));
    try {
      const rows = await db.query<{ collection: string; id: string; seq: number }>('SELECT collection, id, seq FROM sync_docs ORDER BY collection, id');
      expect(rows.map((r) => `${r.collection}/${r.id}`)).toEqual([`dossiers/${dossierId}`, ...[`events/${received.id}`, `events/${attached.id}`].sort(), 'files/f1']);
    } finally {
      await close();
    }
    expect(Buffer.compare(await readFile(join(data, 'blobs', shaHex.slice(0, 2), shaHex)), scan)).toBe(0);
  });

  it('refuses an altered byte (bundle-corrupt) and an unknown signer (bundle-untrusted)', { timeout: 120_000 }, async () => {
    const io = captureIo(env);
    const bytes = await readFile(good);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = (bytes[mid] as number) ^ 0x40;
    await writeFile(join(dir, 'tampered.mcb'), bytes);
    expect(await cliRun(['server', 'import-bundle', join(dir, 'tampered.mcb'), '--data', data], io)).toBe(1);
    expect(io.errText.at(-1)).toMatch(/bundle-corrupt/);
    expect(await cliRun(['server', 'import-bundle', foreign, '--data', data], io)).toBe(1);
    expect(io.errText.at(-1)).toMatch(/bundle-untrusted: .*PC9/);
    // A workstation trusted for another unit brings nothing of H05.01.
    expect(await cliRun(['server', 'workstation', 'trust', '--id', 'PC3', `--public-key=${pc3.publicKeyPem}`, '--units', 'H05.99', '--data', data], io)).toBe(0);
    expect(await cliRun(['server', 'import-bundle', otherUnit, '--data', data, '--json'], io)).toBe(0);
    const r = JSON.parse(io.outText.at(-1) ?? '{}') as { written: number; rejected: Array<{ code: string }> };
    expect(r.written).toBe(0);
    expect(r.rejected.map((x) => x.code).sort()).toEqual(['forbidden-unit', 'forbidden-unit', 'forbidden-unit', 'invalid']); // in the manifest's order: by (random) id
  });

  it('refuses another unit’s dossier relabelled to the signer’s unit, and the stored dossier stays where it was', { timeout: 120_000 }, async () => {
    const io = captureIo(env);
    const { db, close } = await serverDbOpen(serverConfigParse(['--data', data], {}, process.cwd()));
    const theirs = receivedEvent('dossier-of-h05-02', { code: 'H05.02-260302-0001', agencyCode: 'H05.02', at });
    let before: unknown[];
    try {
      expect((await syncPush(db, 'events', { name: 'hoa', role: 'clerk', units: ['H05.02'] }, [{ newDocumentState: eventWire(theirs, 'H05.02') }])).written).toBe(1);
      before = await db.query('SELECT collection, id, unit_code, seq FROM sync_docs ORDER BY collection, id');
    } finally {
      await close();
    }
    const relabelled = { ...eventWire(actionEvent(theirs.dossierId, 2, 'withdrawn', { reason: 'x' }), 'H05.01') };
    const again = { ...eventWire(theirs, 'H05.01'), payload: { ...theirs.payload, agencyCode: 'H05.01' } };
    const attack: BundleManifest = { rows: { events: [relabelled, again] as BundleManifest['rows']['events'], files: [] }, blobs: [] };
    const file = join(dir, 'relabel.mcb');
    await writeFile(file, bundleSeal(nodeBundleCrypto, { manifest: attack, blobBytes: () => new Uint8Array(), signer: pc1, secret: { id: 'gl-2026', key: secret }, createdAt: at }).bytes);
    expect(await cliRun(['server', 'import-bundle', file, '--data', data, '--json'], io)).toBe(0);
    const r = JSON.parse(io.outText.at(-1) ?? '{}') as { written: number; rejected: Array<{ code: string }> };
    expect(r.written).toBe(0);
    // The manifest is sorted by id: the order of the two refusals is the ids' order.
    expect(r.rejected.map((x) => x.code).sort()).toEqual(['forbidden-unit', 'immutable']);
    const after = await serverDbOpen(serverConfigParse(['--data', data], {}, process.cwd()));
    try {
      expect(await after.db.query('SELECT collection, id, unit_code, seq FROM sync_docs ORDER BY collection, id')).toEqual(before);
    } finally {
      await after.close();
    }
  });

  it('bad input exits 2', { timeout: 60_000 }, async () => {
    const io = captureIo(env);
    expect(await cliRun(['server', 'import-bundle', '--data', data], io)).toBe(2);
    expect(await cliRun(['server', 'import-bundle', join(dir, 'nope.mcb'), '--data', data], io)).toBe(2);
    expect(await cliRun(['server', 'import-bundle', good, '--data', data], captureIo({ MOTCUA_BUNDLE_SECRETS: 'k=short' }))).toBe(2);
    expect(await cliRun(['server', 'workstation', 'trust', '--id', 'PC2', '--public-key=-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----', '--units', 'H05.01', '--data', data], io)).toBe(2);
    expect(io.errText.at(-1)).toMatch(/Ed25519/);
    expect(await cliRun(['server', 'workstation', 'forget', '--data', data], io)).toBe(2);
  });
});
