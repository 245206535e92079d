import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingCommands } from '../../../shared/contract/signing.js';
import { p12Password, testPkiCreate, type TestPki } from '../../services/signing/testSupport/pki.js';
import { pdfFixture } from '../../services/signing/testSupport/pdfFixture.js';
import { tsaServerStart } from '../../services/signing/testSupport/tsaServer.js';
import type { CallContext } from '../session.js';
import { signingHandlers, type SignProgressPayload } from './signing.js';

let pki: TestPki;
beforeAll(() => {
  pki = testPkiCreate();
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

const ctx: CallContext = { session: { userId: 'u1', userName: 'Lan', role: 'clerk', units: ['X'] }, origin: 'test' };

describe('signing handlers', () => {
  it('sign:documents signs through the contract, emits progress, audits without the PIN; sign:verify reports it', async () => {
    const input = join(pki.dir, 'in.pdf');
    writeFileSync(input, await pdfFixture());
    const events: SignProgressPayload[] = [];
    const audits: unknown[] = [];
    const handlers = signingHandlers({
      queueFolder: join(pki.dir, 'queue'),
      tsa: () => null,
      trustRootsPem: () => readFileSync(pki.caPem, 'utf8'),
      unitName: () => 'UBND xã Tân Phú',
      online: () => false,
      emitProgress: (p) => void events.push(p),
      audit: (e) => void audits.push(e),
    });
    const args = signingCommands['sign:documents'].args.parse({
      files: [{ input, output: join(pki.dir, 'out.pdf') }],
      key: { kind: 'p12', path: pki.signerP12 },
      pin: p12Password,
      visible: { page: 1, x: 300, y: 700 },
      reason: 'Số hóa',
    });
    const result = signingCommands['sign:documents'].result.parse(await handlers['sign:documents'](args, ctx));
    expect(result.results[0]).toMatchObject({ ok: true, level: 'B-B', timestamp: 'none' });
    expect(events.map((e) => e.stage)).toEqual(['signing', 'signed']);
    expect(JSON.stringify(audits)).not.toContain(p12Password);
    expect(audits).toHaveLength(1);

    const verified = signingCommands['sign:verify'].result.parse(
      await handlers['sign:verify']({ file: join(pki.dir, 'out.pdf') }, ctx),
    );
    expect(verified.signatures[0]).toMatchObject({ integrity: 'valid', trusted: true, revocation: 'no-source', reason: 'Số hóa' });
  });

  it('a wrong password fails the call with sign-wrong-pin and is audited as a failure', async () => {
    const audits: { ok: boolean; errorCode?: string }[] = [];
    const handlers = signingHandlers({
      queueFolder: join(pki.dir, 'queue'),
      tsa: () => null,
      trustRootsPem: () => '',
      unitName: () => undefined,
      online: () => false,
      emitProgress: () => {},
      audit: (e) => void audits.push(e),
    });
    const args = signingCommands['sign:documents'].args.parse({
      files: [{ input: join(pki.dir, 'in.pdf') }],
      key: { kind: 'p12', path: pki.signerP12 },
      pin: 'sai',
    });
    await expect(handlers['sign:documents'](args, ctx)).rejects.toMatchObject({ code: 'sign-wrong-pin' });
    expect(audits).toEqual([expect.objectContaining({ ok: false, errorCode: 'sign-wrong-pin' })]);
  });

  it('offline signatures are queued; sign:timestampsUpgrade turns them into B-T once the server answers', async () => {
    const input = join(pki.dir, 'in.pdf');
    const tsa = await tsaServerStart(pki.tsaConfig);
    let tsaUrl: string | null = 'http://127.0.0.1:9/tsa'; // discard port: nothing answers
    const handlers = signingHandlers({
      queueFolder: join(pki.dir, 'queue-ts'),
      tsa: () => (tsaUrl ? { url: tsaUrl, timeoutMs: 2000 } : null),
      trustRootsPem: () => readFileSync(pki.caPem, 'utf8'),
      unitName: () => undefined,
      online: () => false,
      emitProgress: () => {},
    });
    try {
      const args = signingCommands['sign:documents'].args.parse({
        files: [{ input, output: join(pki.dir, 'offline.pdf') }],
        key: { kind: 'p12', path: pki.signerP12 },
        pin: p12Password,
      });
      const signed = await handlers['sign:documents'](args, ctx);
      expect(signed).toMatchObject({ timestampsPending: 1, results: [{ ok: true, level: 'B-B', timestamp: 'pending' }] });
      expect((await handlers['sign:timestampsPending']({}, ctx)).items).toHaveLength(1);

      tsaUrl = null;
      await expect(handlers['sign:timestampsUpgrade']({}, ctx)).rejects.toMatchObject({ code: 'not-configured' });
      tsaUrl = tsa.url;
      expect(await handlers['sign:timestampsUpgrade']({}, ctx)).toEqual({ upgraded: 1, waiting: [] });
      expect((await handlers['sign:timestampsPending']({}, ctx)).items).toHaveLength(0);
      const verified = await handlers['sign:verify']({ file: join(pki.dir, 'offline.pdf') }, ctx);
      expect(verified.signatures[0]).toMatchObject({ integrity: 'valid', trusted: true, level: 'B-T', timestamp: { status: 'valid' } });
    } finally {
      await tsa.close();
    }
  });
});
