import { dossierRebuild } from '../../shared/domain/lifecycle/projection.js';
import { DAY_MS, vnIsoFormat, vnWall } from '../../shared/domain/time/vnTime.js';
import type { PreparedQuery } from 'rxdb';
import { databaseOpen, type Database, type DossierDoc } from '../../renderer/db/database.js';
import { getAllAnswers, sortIsIndexReversed } from '../../renderer/db/getAllStorage.js';
import { dossierRepoCreate } from '../../renderer/db/dossierRepo.js';
import { personalCipherCreate, type PersonalCipher } from '../../renderer/db/personalCipher.js';
import { dossierSearch, worklistCount, worklistIds, worklistParts, worklistQuery, type WorklistId } from '../../renderer/db/worklists.js';
import { seededRandom } from '../../tests/support/seededRandom.js';
import { actor, agencyCode, dossierCode, receivedEvent, seedRun } from './seed.js';
import { floorMeasure } from './floor.js';
import { timeRuns, type Figures } from './stats.js';

// The bench page: seeds the real IndexedDB of this Chromium profile and times the renderer's
// own database code. The Node driver (bench/counter.ts) calls window.__bench and reads window.__open.

const keyBase64 = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255)));
const dbName = 'motcua-bench';

interface SeedInfo {
  day: number;
  total: number;
}

/** The store to seed: this page's own, or the app's (`motcua`, its key) when loaded into the app's origin. */
interface Target {
  dbName: string;
  keyBase64: string;
}

const benchTarget: Target = { dbName, keyBase64 };

async function open(target = benchTarget): Promise<{ db: Database; cipher: PersonalCipher }> {
  const [db, cipher] = await Promise.all([databaseOpen({ name: target.dbName }), personalCipherCreate(target.keyBase64)]);
  return { db, cipher };
}

/** Which index each part of a worklist uses, and whether RxDB can stop at the limit. */
function planOf(db: Database, id: WorklistId, now: number): string {
  const plans = worklistParts(id, now).map((p) => {
    const q = db.dossiers.find({ selector: p.selector, sort: p.sort, limit: 50 }) as unknown as { getPreparedQuery(): PreparedQuery<DossierDoc> };
    const prepared = q.getPreparedQuery();
    const plan = prepared.queryPlan;
    const read = !getAllAnswers(prepared) ? ' cursor' : plan.sortSatisfiedByIndex ? ' getAll' : sortIsIndexReversed(prepared) ? ' backwards' : ' getAll +sort';
    return `[${plan.index.filter((f) => f !== '_deleted' && f !== 'id').join(',')}]${read}`;
  });
  return `${plans.length}× ${[...new Set(plans)].join(' ')}`;
}

/** RxDB answers a repeated query from its query cache; each timed run must reach IndexedDB. */
function queryCacheClear(db: Database): void {
  for (const c of [db.dossiers, db.events]) (c as unknown as { _queryCache: { _map: Map<string, unknown> } })._queryCache._map.clear();
}

async function seed(total: number, batch: number, fresh: boolean, target = benchTarget): Promise<{ ms: number; seeded: boolean; dossiers: number; events: number }> {
  const now = Date.now();
  let { db, cipher } = await open(target);
  const info = (await db.workstation.findOne('bench-seed').exec())?.toMutableJSON().value as SeedInfo | undefined;
  // Worklists are relative to today: a store seeded on another day (or of another size) is rebuilt.
  if (fresh || (info && (info.day !== vnWall(now).day || info.total !== total))) {
    await db.remove();
    ({ db, cipher } = await open(target));
  }
  const done = (await db.workstation.findOne('bench-seed').exec()) !== null;
  let ms = 0;
  if (!done) {
    ms = await seedRun(db, cipher, total, now, batch, (s) => console.log(s));
    await db.workstation.upsert({ key: 'bench-seed', value: { day: vnWall(now).day, total }, updatedAt: vnIsoFormat(now) });
  }
  const result = { ms, seeded: !done, dossiers: await db.dossiers.count().exec(), events: await db.events.count().exec() };
  await db.close();
  return result;
}

async function measure(runs: number): Promise<Figures[]> {
  const { db, cipher } = await open();
  const repo = dossierRepoCreate(db, cipher);
  const now = Date.now();
  const out: Figures[] = [];
  const before = (): void => queryCacheClear(db);
  const log = (f: Figures): void => {
    out.push(f);
    console.log(`${f.name}: median ${f.median.toFixed(2)} p95 ${f.p95.toFixed(2)} ms`);
  };

  for (const id of ['overdue', 'received-today', 'due-today'] as const) {
    const rows = (await worklistQuery(db, id, now)).length;
    log(await timeRuns(`worklist ${id}, first 50`, runs, () => worklistQuery(db, id, now), { before, note: `${rows} rows; ${planOf(db, id, now)}` }));
  }

  for (const f of await floorMeasure(dbName, runs, now)) log(f);

  const names = ['Nguyễn Văn', 'tran thi', 'Lê Minh', 'Phạm Ngọc H', 'hoang', 'Đỗ Thị Thu', 'vu quoc', 'Bùi Xuân', 'Ngô Thanh Hư', 'dang'];
  const nameRows = (await dossierSearch(db, names[0] as string)).length;
  log(await timeRuns('search name prefix', runs, (i) => dossierSearch(db, names[i % names.length] as string), { before, note: `e.g. "${names[0]}": ${nameRows} rows` }));

  const today = vnWall(now).day;
  const codes = Array.from({ length: 10 }, (_, k) => dossierCode(today - k * 17, 1).slice(0, k % 2 ? 17 : 13));
  const codeRows = (await dossierSearch(db, codes[1] as string)).length;
  log(await timeRuns('search code prefix', runs, (i) => dossierSearch(db, codes[i % codes.length] as string), { before, note: `e.g. "${codes[1]}": ${codeRows} rows` }));

  for (const id of worklistIds) {
    try {
      const n = await worklistCount(db, id, now);
      log(await timeRuns(`count ${id}`, runs, () => worklistCount(db, id, now), { before, note: `${n}` }));
    } catch (err) {
      out.push({ name: `count ${id}`, runs: 0, min: NaN, median: NaN, p95: NaN, max: NaN, note: `error: ${(err as { code?: string }).code ?? String(err).slice(0, 80)}` });
    }
  }
  log(await timeRuns('all six counts (one after another)', runs, async () => {
    for (const id of worklistIds) await worklistCount(db, id, now).catch(() => -1);
  }, { before }));

  // Intake: `received` (with the applicant sealed) then `payment-paid`, through the repository.
  const saved: string[] = [];
  const rnd = seededRandom(4242);
  log(await timeRuns('intake save (received + payment-paid)', runs, async (i) => {
    const id = `bench-${now}-${i}`;
    const at = now - 60_000 + i;
    // As intakeSave.ts writes it: every event of the intake in one appendAll.
    await repo.appendAll([
      receivedEvent(id, `${dossierCode(today, 9000 + i)}`, 'Trương Thị Ánh Tuyết', at, at + 5 * DAY_MS, rnd),
      { id: crypto.randomUUID(), dossierId: id, seq: 2, type: 'payment-paid', at: vnIsoFormat(at + 1000), actor, payload: { amount: 8000, method: 'cash', online: 0, receiptNo: null } },
    ]);
    saved.push(id);
  }, { before }));

  log(await timeRuns('rebuild one dossier from its events (read, decrypt, reduce)', runs, async (i) => {
    dossierRebuild(await repo.events(saved[i % saved.length] as string));
  }, { before }));

  // A crash between event and projection: the event is there, the projection one behind; repair()
  // is what the app runs at sign-in, so it is timed whole (it scans the not-yet-acknowledged events).
  await repo.repair(); // leftovers of an interrupted run
  const lagging = (await db.dossiers.find({ selector: { status: 'received', lastSeq: 1 }, limit: runs + 10 }).exec()).map((d) => d.id);
  const pending = await db.events.count({ selector: { syncState: 'local' } }).exec();
  // Capped at 10 runs: each repair() walks the whole events store (seconds at 100k).
  log(await timeRuns('projection rebuild via repair(), one lagging dossier', Math.min(10, runs, lagging.length - 3), () => repo.repair(), {
    warmup: 1,
    before: async (i) => {
      before();
      const dossierId = lagging[i] as string;
      await db.events.upsert({ id: crypto.randomUUID(), dossierId, unitCode: agencyCode, seq: 2, type: 'transferred', at: vnIsoFormat(now), actor, payload: { toUnit: `${agencyCode}.02`, note: null }, syncState: 'local' });
    },
    note: `${pending} events pending sync`,
  }));
  await db.close();
  return out;
}

declare global {
  interface Window {
    __bench?: { seed: typeof seed; measure: typeof measure };
    __open?: { openMs: number; firstQueryMs: number; repairMs: number; rows: number } | { error: string };
  }
}

async function openTiming(withRepair: boolean): Promise<void> {
  try {
    const { db, cipher } = await open();
    const openMs = performance.now();
    let repairMs = 0;
    if (withRepair) {
      const t = performance.now();
      await dossierRepoCreate(db, cipher).repair();
      repairMs = performance.now() - t;
    }
    const rows = (await worklistQuery(db, 'received-today', Date.now())).length;
    // performance.now() counts from navigation start: HTML, bundle, IndexedDB open, first query.
    window.__open = { openMs, firstQueryMs: performance.now(), repairMs, rows };
  } catch (err) {
    window.__open = { error: String(err) };
  }
}

const mode = new URLSearchParams(location.search).get('open');
if (mode) void openTiming(mode === 'repair');
else window.__bench = { seed, measure };
