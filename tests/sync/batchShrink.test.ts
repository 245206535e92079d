import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serverTrustOf, type ServerTrust } from '../../electron/services/serverLink/serverTrust.js';
import { testWorkstationOpen, type TestWorkstation } from './clientKit.js';
import { testServerStart, testUserAdd, type TestServer } from './serverKit.js';

// Batch shrink on 413: the server takes at most 16 MiB in one push body (server/app.ts) while a
// row may hold up to 256 KiB, so a full batch of large rows is refused with 413. The main-side
// sync service (electron/services/sync/syncService.ts) halves the batch until it passes and
// delivers every row exactly once; a single row that is too large on its own is quarantined.

const bodyLimit = 16 * 1024 * 1024;
let n = 0;

/** A dossier whose JSON is about `bytes` long (distinct content per row). */
function bigDossier(unitCode: string, bytes: number): Record<string, unknown> {
  n += 1;
  const id = `shrink-${process.pid}-${n}`;
  return {
    id,
    unitCode,
    updatedAt: new Date(Date.UTC(2026, 10, 30, 2, 0, 0, n)).toISOString(),
    _deleted: false,
    code: `${unitCode}-261130-${String(n).padStart(4, '0')}`,
    note: `${id} `.padEnd(bytes, 'abcdefghijklmnopq'.charAt(n % 17)),
  };
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

async function serverRows(kit: TestServer, prefix: string): Promise<Array<{ id: string; seq: number; len: number }>> {
  const rows = await kit.server.db.query<{ id: string; seq: string | number; len: string | number }>(
    "SELECT id, seq, length(doc->>'note') AS len FROM sync_docs WHERE collection = 'dossiers' AND id LIKE $1 ORDER BY seq",
    [`${prefix}%`],
  );
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), len: Number(r.len) }));
}

describe('push batch shrink on 413 (pglite)', () => {
  let kit: TestServer;
  let ws: TestWorkstation;
  beforeAll(async () => {
    kit = await testServerStart('pglite');
    await testUserAdd(kit, 'shrink1', 'clerk', ['H29.02']);
    ws = await testWorkstationOpen(kit.server.url);
    expect(await ws.service.signInOnline('shrink1', 'shrink1-secret-pw')).toBe('online');
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
    await kit?.cleanup();
  });
  let watch: { seen: Seen[]; stop: () => void } | undefined;
  afterEach(() => watch?.stop());

  it('halves a batch the server refuses as too large and delivers every row exactly once', async () => {
    // 150 rows of ~230 KB: ~34 MB, twice the limit, so the first halves are refused too.
    const rows = Array.from({ length: 150 }, () => ({ newDocumentState: bigDossier('H29.02', 230_000) }));
    const total = rows.reduce((s, r) => s + JSON.stringify(r).length, 0);
    expect(total).toBeGreaterThan(2 * bodyLimit);
    watch = fetchWatch(serverTrustOf(ws.settings));
    const answer = await ws.service.push('dossiers', rows);
    expect(answer).toEqual({ conflicts: [], rejected: [] });
    const pushes = watch.seen.filter((s) => s.path.endsWith('/push'));
    // Refused whole and at the first halving, then every accepted body fits under the limit.
    expect(pushes.filter((p) => p.status === 413).length).toBeGreaterThanOrEqual(3);
    expect(pushes[0]?.status).toBe(413);
    const accepted = pushes.filter((p) => p.status === 200);
    expect(accepted.every((p) => p.bytes <= bodyLimit)).toBe(true);
    expect(accepted.length).toBe(4);
    const stored = await serverRows(kit, `shrink-${process.pid}-`);
    expect(stored.map((r) => r.id).sort()).toEqual(rows.map((r) => String(r.newDocumentState.id)).sort());
    // Exactly once: one sequence number per row, the bodies intact.
    expect(new Set(stored.map((r) => r.seq)).size).toBe(150);
    expect(stored.every((r) => r.len === 230_000)).toBe(true);
    // Pushing the same rows again (a retry after a lost answer) writes nothing new.
    const again = await ws.service.push('dossiers', rows);
    expect(again).toEqual({ conflicts: [], rejected: [] });
    expect((await serverRows(kit, `shrink-${process.pid}-`)).map((r) => r.seq)).toEqual(stored.map((r) => r.seq));
  }, 120_000);

  it('quarantines a single row larger than the body limit and delivers the rest of its batch', async () => {
    const before = (await serverRows(kit, `shrink-${process.pid}-`)).length;
    const small = Array.from({ length: 5 }, () => ({ newDocumentState: bigDossier('H29.02', 3_000) }));
    const huge = { newDocumentState: bigDossier('H29.02', bodyLimit + 1024) };
    const rows = [small[0], small[1], huge, small[2], small[3], small[4]].filter((r) => r !== undefined);
    watch = fetchWatch(serverTrustOf(ws.settings));
    const answer = await ws.service.push('dossiers', rows);
    expect(answer.conflicts).toEqual([]);
    expect(answer.rejected).toEqual([{ index: 2, id: huge.newDocumentState.id, code: 'sync-rejected', reason: 'too-large' }]);
    const stored = await serverRows(kit, `shrink-${process.pid}-`);
    expect(stored.length).toBe(before + 5);
    expect(stored.map((r) => r.id)).not.toContain(huge.newDocumentState.id);
    // The huge row was sent on its own once and then given up, not retried.
    const hugeAlone = watch.seen.filter((s) => s.path.endsWith('/push') && s.bytes > bodyLimit && s.bytes < bodyLimit + 4096);
    expect(hugeAlone.length).toBe(1);
  }, 120_000);
});
