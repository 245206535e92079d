import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docCanonical } from '../../server/services/syncStore.js';
import { eventWireParse, fileWireSchema } from '../../shared/sync/eventWire.js';
import { eventWire, receivedEvent } from '../support/dossierEvents.js';
import { api, testLogin, testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Random push bodies — garbage JSON, near-valid events and file records, other units' ids, text
// a database cannot store — must never crash the server (no 5xx) nor store anything that is not
// a valid row of the caller's units, nor touch another unit's dossier.

const units = ['F01', 'F02'];
const weighted = <T,>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 });
const dossierIds = ['fuzz-dossier-0001', 'fuzz-dossier-0002', 'guarded-dossier-0001'];
const nearEvent = fc
  .record({
    dossier: fc.constantFrom(...dossierIds),
    no: fc.integer({ min: 1, max: 9 }),
    unitCode: weighted(fc.constantFrom(...units), fc.oneof(fc.constant('OTHER'), fc.string({ maxLength: 70 }))),
    type: weighted(fc.constantFrom('received', 'transferred', 'withdrawn'), fc.string({ maxLength: 12 })),
    text: weighted(fc.string({ maxLength: 20 }), fc.constantFrom('a\u0000b', '\ud800', 'x'.repeat(70_000))),
    id: weighted(fc.constantFrom('fuzz-event-0001', 'fuzz-event-0002', 'fuzz-event-0003'), fc.string({ maxLength: 80 })),
    deleted: weighted(fc.constant(false), fc.anything()),
  })
  .map(({ dossier, no, unitCode, type, text, id, deleted }) => {
    const base = eventWire(receivedEvent(dossier, { code: `${unitCode}-261130-000${no}`, agencyCode: unitCode, applicantName: text || 'A' }), unitCode);
    return type === 'received' ? { ...base, id, _deleted: deleted } : { ...base, id, type, payload: { toUnit: text, note: null, reason: text }, _deleted: deleted };
  });
const nearFile = fc.record({
  id: weighted(fc.constantFrom('fuzz-file-1', 'fuzz-file-2'), fc.string({ maxLength: 200 })),
  sha256: fc.constantFrom('a'.repeat(64), 'xyz'),
  dossierId: fc.constantFrom(...dossierIds),
  unitCode: weighted(fc.constantFrom(...units), fc.constant('OTHER')),
  name: weighted(fc.constant('to-khai.pdf'), fc.string()),
  mime: fc.constant('application/pdf'),
  size: fc.integer({ min: -5, max: 10_000 }),
  createdAt: fc.constant('2026-11-30T08:00:00+07:00'),
  _deleted: weighted(fc.constant(false), fc.anything()),
});
const row = (doc: fc.Arbitrary<unknown>) => fc.record({ newDocumentState: weighted(doc, fc.anything()), assumedMasterState: fc.anything() }, { requiredKeys: ['newDocumentState'] });
const body = (doc: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: fc.array(row(doc), { maxLength: 4 }), weight: 6 }, { arbitrary: fc.anything(), weight: 1 }, { arbitrary: fc.array(fc.anything(), { maxLength: 5 }), weight: 1 });
const push = fc.oneof(
  fc.record({ collection: fc.constant('events'), payload: body(nearEvent) }),
  fc.record({ collection: fc.constant('files'), payload: body(nearFile) }),
  fc.record({ collection: fc.constant('dossiers'), payload: body(nearEvent) }),
);

describe('fuzzed pushes (pglite)', () => {
  let kit: TestServer;
  let token = '';
  const guarded = eventWire(receivedEvent('guarded-dossier-0001', { code: 'OTHER-261130-0001', agencyCode: 'OTHER' }), 'OTHER');
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    await testUserAdd(kit, 'fuzzer', 'clerk', units);
    await testUserAdd(kit, 'owner', 'clerk', ['OTHER']);
    const owner = await testLogin(kit.server.url, 'owner');
    const seeded = await api<{ rejected: unknown[] }>(kit.server.url, 'POST', '/api/sync/events/push', { token: owner.accessToken, body: [{ newDocumentState: guarded }] });
    expect(seeded.body.rejected).toEqual([]);
    token = (await testLogin(kit.server.url, 'fuzzer')).accessToken;
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('never answers 5xx and stores only valid rows of the caller’s units', { timeout: 240_000 }, async () => {
    const guardedRows = () => kit.server.db.query<{ id: string; doc: unknown }>("SELECT id, doc FROM sync_docs WHERE doc->>'dossierId' = 'guarded-dossier-0001' OR id = 'guarded-dossier-0001' ORDER BY id");
    const before = await guardedRows();
    await fc.assert(
      fc.asyncProperty(push, async ({ collection, payload }) => {
        const res = await api(kit.server.url, 'POST', `/api/sync/${collection}/push`, { token, body: payload });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 20261130 },
    );
    const rows = await kit.server.db.query<{ collection: string; unit_code: string; doc: Record<string, unknown> }>('SELECT collection, unit_code, doc FROM sync_docs');
    expect(rows.filter((r) => r.collection === 'events' && r.unit_code !== 'OTHER').length).toBeGreaterThan(0);
    for (const r of rows) {
      expect([...units, 'OTHER']).toContain(r.unit_code);
      if (r.collection === 'events') expect(eventWireParse(r.doc).ok).toBe(true);
      if (r.collection === 'files') expect(fileWireSchema.safeParse(r.doc).success).toBe(true);
    }
    expect((await guardedRows()).map((r) => docCanonical(r.doc))).toEqual(before.map((r) => docCanonical(r.doc)));
    expect((await api(kit.server.url, 'GET', '/api/time')).status).toBe(200);
  });
});
