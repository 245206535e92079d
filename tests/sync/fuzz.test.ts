import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docCanonical } from '../../server/services/syncStore.js';
import { syncCollectionSchemas, syncCollections } from '../../server/services/syncWire.js';
import { api, dossierDoc, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Random push bodies — garbage JSON, near-valid documents, other units' ids — must never
// crash the server (no 5xx) nor corrupt what is stored.

const units = ['F1', 'F2'];
// Mostly near-valid rows of the caller's units (so that writes, conflicts and rejections all
// happen), sometimes another unit's or pure noise.
const weighted = <T,>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 });
const nearDoc = fc.record(
  {
    id: weighted(fc.constantFrom('fz-1', 'fz-2', 'fz-3', 'other-1'), fc.string({ maxLength: 140 })),
    unitCode: weighted(fc.constantFrom('F1', 'F2'), fc.oneof(fc.constant('ZZ'), fc.string({ maxLength: 70 }))),
    updatedAt: weighted(fc.constant('2026-11-30T08:00:00.000+07:00'), fc.string()),
    _deleted: weighted(fc.boolean(), fc.anything()),
    dossierId: fc.string({ maxLength: 10 }),
    type: fc.constantFrom('received', 'Bad Type', ''),
    sha256: fc.constantFrom('a'.repeat(64), 'xyz'),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const row = fc.record(
  { newDocumentState: weighted(nearDoc, fc.anything()), assumedMasterState: weighted(nearDoc, fc.anything()) },
  { requiredKeys: [] },
);
const body = fc.oneof(
  { arbitrary: fc.array(row, { maxLength: 4 }), weight: 6 },
  { arbitrary: fc.anything(), weight: 1 },
  { arbitrary: fc.array(fc.anything(), { maxLength: 5 }), weight: 1 },
);

describe('fuzzed pushes (pglite)', () => {
  let kit: TestServer;
  let token = '';
  const guarded = dossierDoc('OTHER');
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    await testUserAdd(kit, 'fuzzer', 'clerk', units);
    await testUserAdd(kit, 'owner', 'clerk', ['OTHER']);
    const owner = await testLogin(kit.server.url, 'owner');
    await api(kit.server.url, 'POST', '/api/sync/dossiers/push', { token: owner.accessToken, body: [{ newDocumentState: { ...guarded, id: 'other-1' } }] });
    token = (await testLogin(kit.server.url, 'fuzzer')).accessToken;
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('never answers 5xx and stores only valid rows of the caller units', { timeout: 240_000 }, async () => {
    const [before] = await kit.server.db.query<{ doc: unknown }>(`SELECT doc FROM sync_docs WHERE id = 'other-1'`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...syncCollections), body, async (collection, payload) => {
        const res = await api(kit.server.url, 'POST', `/api/sync/${collection}/push`, { token, body: payload });
        expect(res.status).toBeLessThan(500);
        expect([200, 400, 403]).toContain(res.status);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 20261130 },
    );
    const rows = await kit.server.db.query<{ collection: string; unit_code: string; doc: unknown }>('SELECT collection, unit_code, doc FROM sync_docs');
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) {
      const schema = syncCollectionSchemas[r.collection as (typeof syncCollections)[number]];
      expect(schema.safeParse(r.doc).success).toBe(true);
      expect([...units, 'OTHER']).toContain(r.unit_code);
    }
    const [after] = await kit.server.db.query<{ doc: unknown }>(`SELECT doc FROM sync_docs WHERE id = 'other-1'`);
    expect(docCanonical(after?.doc)).toBe(docCanonical(before?.doc));
    expect((await api(kit.server.url, 'GET', '/api/time')).status).toBe(200);
  });
});
