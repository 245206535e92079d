import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { serverTrustOf, type ServerTrust } from '../../electron/services/serverLink/serverTrust.js';
import { testWorkstationOpen, type TestWorkstation } from './clientKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';
import { eventWire, receivedEvent } from '../support/dossierEvents.js';

// Batch shrink on 413: the server takes at most 16 MiB in one push body (server/app.ts) while an
// event may be up to 256 KiB, so a full batch of large intakes is refused with 413. The
// main-side sync service (electron/services/sync/syncService.ts) halves the batch until it
// passes and delivers every event exactly once; a single row too large on its own comes back
// refused (`too-large`) for quarantine, never retried.

const bodyLimit = 16 * 1024 * 1024;
const unit = 'H29.02';
let n = 0;

/** A dossier's intake whose JSON is about `bytes` long: its papers' names are long (distinct per row). */
function bigIntake(bytes: number): DossierEvent {
  n += 1;
  const id = `shrink-${process.pid}-${String(n).padStart(4, '0')}`;
  const intake = receivedEvent(id, { code: `${unit}-261130-${String(n).padStart(4, '0')}`, agencyCode: unit });
  if (intake.type !== 'received') throw new Error('not an intake');
  // Texts stay under the server's 64 KiB per string; four of them make the size.
  const name = (k: number) => `${id} ${k} `.padEnd(Math.floor(bytes / 4), 'abcdefghijklmnopq'.charAt((n + k) % 17));
  const components = [0, 1, 2, 3].map((k) => ({ code: `TK${k}`, name: name(k), kind: 'original' as const, quantity: 1 }));
  return { ...intake, payload: { ...intake.payload, components } };
}

interface Seen {
  path: string;
  bytes: number;
  status: number;
}

/** Watches the service's requests at its transport (serverTrust.ts); the real fetch does the work. */
function fetchWatch(trust: ServerTrust): { seen: Seen[]; stop: () => void } {
  const seen: Seen[] = [];
  const real = trust.fetch;
  trust.fetch = async (url, init) => {
    const res = await real(url, init);
    const body = init?.body;
    seen.push({ path: new URL(url).pathname, bytes: typeof body === 'string' ? Buffer.byteLength(body) : 0, status: res.status });
    return res;
  };
  return {
    seen,
    stop: () => {
      trust.fetch = real;
    },
  };
}

async function serverRows(kit: TestServer, prefix: string): Promise<Array<{ id: string; seq: number; dossierId: string }>> {
  const rows = await kit.server.db.query<{ id: string; seq: string | number; dossier_id: string }>(
    "SELECT id, seq, doc->>'dossierId' AS dossier_id FROM sync_docs WHERE collection = 'events' AND doc->>'dossierId' LIKE $1 ORDER BY seq",
    [`${prefix}%`],
  );
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), dossierId: r.dossier_id }));
}

describe('push batch shrink on 413 (pglite)', () => {
  let kit: TestServer;
  let ws: TestWorkstation;
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    await testUserAdd(kit, 'shrink1', 'clerk', [unit]);
    ws = await testWorkstationOpen(kit.server.url, { agencyCode: unit });
    expect(await ws.service.signInOnline('shrink1', 'shrink1-secret-pw')).toBe('online');
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
    await kit?.cleanup();
  });
  let watch: { seen: Seen[]; stop: () => void } | undefined;
  afterEach(() => watch?.stop());

  it('halves a batch the server refuses as too large and delivers every event exactly once', async () => {
    // 150 intakes of ~230 KB: ~34 MB, twice the limit, so the first halves are refused too.
    const events = Array.from({ length: 150 }, () => bigIntake(230_000));
    const rows = events.map((e) => ({ newDocumentState: eventWire(e, unit) }));
    const total = rows.reduce((s, r) => s + JSON.stringify(r).length, 0);
    expect(total).toBeGreaterThan(2 * bodyLimit);
    watch = fetchWatch(serverTrustOf(ws.settings));
    const answer = await ws.service.push('events', rows);
    expect(answer).toEqual({ conflicts: [], rejected: [] });
    const pushes = watch.seen.filter((s) => s.path.endsWith('/push'));
    // Refused whole and at the first halving, then every accepted body fits under the limit.
    expect(pushes.filter((p) => p.status === 413).length).toBeGreaterThanOrEqual(3);
    expect(pushes[0]?.status).toBe(413);
    const accepted = pushes.filter((p) => p.status === 200);
    expect(accepted.every((p) => p.bytes <= bodyLimit)).toBe(true);
    expect(accepted.length).toBe(4);
    const stored = await serverRows(kit, `shrink-${process.pid}-`);
    expect(stored.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
    // Exactly once: one sequence number per event.
    expect(new Set(stored.map((r) => r.seq)).size).toBe(150);
    // Pushing the same events again (a retry after a lost answer) writes nothing new.
    const again = await ws.service.push('events', rows);
    expect(again).toEqual({ conflicts: [], rejected: [] });
    expect((await serverRows(kit, `shrink-${process.pid}-`)).map((r) => r.seq)).toEqual(stored.map((r) => r.seq));
  }, 120_000);

  it('refuses a single row larger than the body limit as too-large and delivers the rest of its batch', async () => {
    const before = (await serverRows(kit, `shrink-${process.pid}-`)).length;
    const small = Array.from({ length: 5 }, () => ({ newDocumentState: eventWire(bigIntake(3_000), unit) }));
    const hugeEvent = bigIntake(bodyLimit + 1024);
    const huge = { newDocumentState: eventWire(hugeEvent, unit) };
    const rows = [small[0], small[1], huge, small[2], small[3], small[4]].filter((r) => r !== undefined);
    watch = fetchWatch(serverTrustOf(ws.settings));
    const answer = await ws.service.push('events', rows);
    expect(answer.conflicts).toEqual([]);
    expect(answer.rejected).toEqual([{ index: 2, id: hugeEvent.id, code: 'too-large', reason: expect.stringContaining('413') }]);
    const stored = await serverRows(kit, `shrink-${process.pid}-`);
    expect(stored.length).toBe(before + 5);
    expect(stored.map((r) => r.id)).not.toContain(hugeEvent.id);
    // The huge row was sent on its own once and then given up, not retried.
    const hugeAlone = watch.seen.filter((s) => s.path.endsWith('/push') && s.bytes > bodyLimit && s.bytes < bodyLimit + 8192);
    expect(hugeAlone.length).toBe(1);
  }, 120_000);
});
