import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { vnIsoFormat } from '../../shared/domain/time/vnTime.js';
import { quarantineList } from '../../renderer/sync/quarantine.js';
import { serverUserAdd } from '../support/provinceServer.js';
import { receivedEvent } from '../support/dossierEvents.js';
import { seededRandom } from '../support/seededRandom.js';
import { testWorkstationOpen, type TestWorkstation } from './clientKit.js';
import { faultProxyStart, noFaults, type FaultProxy } from './faultProxy.js';
import { testLogin } from './serverKit.js';
import { canonical, killableServerStart, nextStep, serverEvents, serverProjections, stepEvent, workstationView, type KillableServer, type WorkstationView } from './storyKit.js';
import { storyPeerStart, type StoryPeer } from './storyPeer.js';

// The app's own replication (renderer/sync on RxDB over fake-indexeddb, the main side's sync
// service doing the HTTP) on two counters of one commune and their supervisor (a PC of its own:
// storyPeer.ts, a separate process), through a proxy
// that cuts connections mid-transfer and delays chunks, while the provincial server is killed
// with SIGKILL and started again. Counters take dossiers in and act on any dossier they hold,
// sometimes the same one at the same time; the server takes the first legal step and refuses
// the other per row. After healing, every side holds the same events (with the server's
// positions) and the same rebuilt projections as the server; every event made is either on the
// server exactly once or quarantined on the workstation that made it, and nowhere else.

const seed = Number(process.env.SYNC_SEED ?? 20261130);
const rounds = Number(process.env.SYNC_ROUNDS ?? 8);
const unit = 'H29.01';
const log = (text: string) => {
  if (process.env.SYNC_DEBUG) console.log(text);
};
const people = [
  { username: 'counter-1', role: 'clerk' },
  { username: 'counter-2', role: 'clerk' },
  { username: 'supervisor', role: 'supervisor' },
];

/** One workstation's link alone drops (its configured address stops answering) or comes back. */
async function linkSet(ws: TestWorkstation, url: string | null): Promise<void> {
  const settings = await ws.settings.get();
  if (!settings) throw new Error('no settings');
  await ws.settings.save({ ...settings, serverUrl: url ?? 'http://127.0.0.1:9' });
}

describe('sync story through a faulty network, with the server killed (pglite)', () => {
  let dataDir = '';
  let server: KillableServer;
  let proxy: FaultProxy;
  let clients: TestWorkstation[] = [];
  let supervisor: StoryPeer | null = null;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-story-'));
    for (const p of people) serverUserAdd(dataDir, { username: p.username, password: `${p.username}-secret-pw`, role: p.role, units: [unit] });
    server = await killableServerStart(dataDir);
    proxy = await faultProxyStart(server.port, seed);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await supervisor?.stop();
    await proxy?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`converges after ${rounds} seeded rounds of intakes, competing steps, cuts and a kill -9 (seed ${seed})`, { timeout: 420_000 }, async () => {
    const random = seededRandom(seed);
    clients = [await testWorkstationOpen(proxy.url), await testWorkstationOpen(proxy.url)];
    for (const [i, c] of clients.entries()) expect(await c.service.signInOnline(people[i]?.username ?? '', `${people[i]?.username}-secret-pw`)).toBe('online');
    const [c1, c2] = clients as [TestWorkstation, TestWorkstation];
    const counters = [c1, c2];
    for (const c of clients) c.startSync();
    const sup = storyPeerStart();
    supervisor = sup;
    expect(await sup.call({ op: 'open', url: proxy.url, username: 'supervisor', password: 'supervisor-secret-pw' })).toBe('online');
    const supView = async (): Promise<WorkstationView> => {
      const v = (await sup.call({ op: 'view' })) as { events: [string, Record<string, unknown>][]; rejected: [string, Record<string, unknown>][]; pending: number; projections: [string, WorkstationView['projections'] extends Map<string, infer P> ? P : never][] };
      return { events: new Map(v.events), rejected: new Map(v.rejected), pending: v.pending, projections: new Map(v.projections) };
    };
    const made = new Map<string, { event: DossierEvent; by: TestWorkstation }>();
    let n = 0;
    let minute = 0;
    const actorOf = (ws: TestWorkstation, i: number) => ({ userId: `u${i + 1}`, userName: people[i]?.username ?? '', workstationId: ws.workstationId });
    const at = () => vnIsoFormat(Date.UTC(2026, 10, 30, 1, 0, 0) + ++minute * 60_000);
    const append = async (ws: TestWorkstation, events: DossierEvent[]) => {
      await ws.repo.appendAll(events);
      for (const e of events) made.set(e.id, { event: e, by: ws });
    };
    const intake = async (ws: TestWorkstation, i: number) => {
      n += 1;
      const id = `story-${seed}-${String(n).padStart(4, '0')}`;
      const e = receivedEvent(id, { code: `${unit}-261130-${String(n).padStart(4, '0')}`, agencyCode: unit, actor: actorOf(ws, i), at: at() });
      await append(ws, [e]);
      return id;
    };
    /** A legal step from this workstation's current view of the dossier, if it has one. */
    const act = async (ws: TestWorkstation, i: number, dossierId: string): Promise<DossierEvent | null> => {
      const current = await ws.repo.get(dossierId);
      const type = current && nextStep(current.projection.status, random);
      if (!current || !type) return null;
      const e = stepEvent(current.projection, type, at(), actorOf(ws, i));
      await append(ws, [e]);
      return e;
    };

    // The two-counters story, told first: both hold dossier X; counter 2 loses its link and
    // transfers it, counter 1 (online) withdraws it. The withdrawal reaches the server first.
    const x = await intake(c1, 0);
    await c1.sync?.awaitInSync();
    const xOnC2 = Date.now() + 60_000;
    while (!(await c2.repo.get(x)) && Date.now() < xOnC2) await c2.sync?.awaitInSync();
    await linkSet(c2, null);
    const xOnC1 = await c1.repo.get(x);
    const xOnC2Now = await c2.repo.get(x);
    if (!xOnC1 || !xOnC2Now) throw new Error('dossier X did not reach both counters');
    const transfer = stepEvent(xOnC2Now.projection, 'transferred', at(), actorOf(c2, 1));
    await append(c2, [transfer]);
    const withdraw = stepEvent(xOnC1.projection, 'withdrawn', at(), actorOf(c1, 0));
    await append(c1, [withdraw]);
    await c1.sync?.awaitInSync();
    await linkSet(c2, proxy.url);

    for (let round = 0; round < rounds; round++) {
      proxy.faults = { cutChance: 0.3, cutMaxBytes: 4000, delayMaxMs: 30 };
      for (const [i, c] of counters.entries()) {
        const count = 1 + Math.floor(random() * 3);
        for (let k = 0; k < count; k++) await intake(c, i);
        // A step on a dossier this counter holds — often one the other counter took in or is
        // acting on too, so the server has to choose.
        const held = await c.db.dossiers.find().exec();
        for (let k = 0; k < 2; k++) {
          const pick = held[Math.floor(random() * held.length)];
          if (pick) await act(c, i, pick.id);
        }
      }
      log(`round ${round}: ${made.size} events made, cuts ${proxy.stats.cuts}`);
      if (round === Math.floor(rounds / 2)) await server.killAndRestart();
      else if (round === 1 || random() < 0.3) proxy.cutAll();
      await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 300)));
    }

    // Healing: no more faults; "sync now" everywhere until the views agree (or time runs out).
    proxy.faults = { ...noFaults };
    const token = (await testLogin(server.url, 'supervisor')).accessToken;
    const deadline = Date.now() + 180_000;
    let views: WorkstationView[];
    let onServer: Awaited<ReturnType<typeof serverEvents>>;
    let projections: Map<string, unknown>;
    for (;;) {
      await Promise.all([
        ...clients.map(async (c) => {
          await c.sync?.syncNow();
          await c.sync?.awaitInSync();
        }),
        sup.call({ op: 'sync' }),
      ]);
      [onServer, projections, views] = await Promise.all([
        serverEvents(server.url, token),
        serverProjections(server.url, token),
        Promise.all([...clients.map(workstationView), supView()]),
      ]);
      const serverFacts = canonical(onServer.map((d) => [d.id, d]).sort());
      const settled = views.every((v) => v.pending === 0 && canonical([...v.events.entries()].sort()) === serverFacts && canonical([...v.projections.entries()].sort()) === canonical([...projections.entries()].sort()));
      const accounted = onServer.length + views.reduce((s, v) => s + v.rejected.size, 0) === made.size;
      if (settled && accounted) break;
      log(`settle: server ${onServer.length}, views ${views.map((v) => `${v.events.size}/${v.rejected.size}/${v.pending}`).join(' ')}, made ${made.size}`);
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    // Every side holds exactly the server's events, each once, with the server's positions.
    const ids = onServer.map((d) => String(d.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(onServer.every((d) => typeof d.pos === 'number' && typeof d.acceptedAt === 'string')).toBe(true);
    for (const v of views) {
      expect(v.pending).toBe(0);
      expect(canonical([...v.events.entries()].sort())).toBe(canonical(onServer.map((d) => [d.id, d]).sort()));
      // …and the same projections, rebuilt on each side from those events.
      expect(canonical([...v.projections.entries()].sort())).toBe(canonical([...projections.entries()].sort()));
    }
    // Every event made is on the server or quarantined on the workstation that made it, nowhere else.
    const holders = [...clients, null];
    for (const [id, { by }] of made) {
      const rejectedOn = holders.filter((_c, i) => views[i]?.rejected.has(id));
      if (ids.includes(id)) expect(rejectedOn).toEqual([]);
      else expect(rejectedOn).toEqual([by]);
    }
    expect(onServer.length + views.reduce((s, v) => s + v.rejected.size, 0)).toBe(made.size);
    // The story's refused transfer: quarantined on counter 2 as an illegal step, shown in its list.
    expect(views[1]?.rejected.get(transfer.id)?.syncReason).toMatch(/^illegal-transition: /);
    expect((await quarantineList(c2.db)).map((r) => r.id)).toContain(transfer.id);
    expect(await quarantineList(c1.db)).not.toContainEqual(expect.objectContaining({ id: transfer.id }));
    expect(await sup.call({ op: 'quarantine' })).toEqual([]);
    expect((await c2.repo.get(x))?.projection.status).toBe('withdrawn');
    // The run really went through faults, and the supervisor (who pushed nothing) saw it all.
    expect(proxy.stats.cuts).toBeGreaterThan(0);
    expect(server.kills).toBe(1);
    log(`done: ${made.size} events made, ${onServer.length} on the server, ${views.map((v) => v.rejected.size).join('/')} quarantined, ${projections.size} dossiers, cuts ${proxy.stats.cuts}`);
    expect(views[2]?.events.size).toBe(onServer.length);
  });
});
