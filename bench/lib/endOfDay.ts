import type { Db } from '../../server/db/db.js';
import { benchServerStart, secondsSince, type Engine } from './server.js';
import { benchWorkstationOpen, communeDayMake, communeDaySync, communeGrants, type BenchWorkstation, type CommuneDay } from './workstation.js';

// End of day for a province: every commune's workstation sends its day (20 dossiers, their
// events, 100 page files) through the real push endpoint and tus uploads, `concurrency`
// workstations at a time. The days are made first (untimed); the clients run in this process,
// so they share the two cores with the server (and PostgreSQL).

export interface EndOfDayOptions {
  communes: number;
  dossiers: number;
  pages: number;
  pageBytes: number;
  concurrency: number;
}

export interface EndOfDayResult {
  engine: string;
  wallSec: number;
  /** CPU seconds of this process (server and simulated clients) during the ingest. */
  cpuSec: number;
  prepSec: number;
  syncP50Sec: number;
  syncP95Sec: number;
  docs: number;
  files: number;
  fileBytes: number;
}

async function countOf(db: Db, sql: string): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(sql);
  return Number(row?.n ?? 0);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

export async function endOfDayRun(engine: Engine, pgUrl: string | undefined, o: EndOfDayOptions, progress: (line: string) => void): Promise<EndOfDayResult> {
  const bench = await benchServerStart(engine, pgUrl);
  try {
    const grants = await communeGrants(bench.server.db, o.communes);
    const pool = async <T>(items: T[], work: (item: T) => Promise<void>) => {
      let next = 0;
      const worker = async () => {
        for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
      };
      await Promise.all(Array.from({ length: Math.min(o.concurrency, items.length) }, worker));
    };
    // The day's files already sit in each workstation's store before the evening: not ingest.
    const ready: Array<{ ws: BenchWorkstation; day: CommuneDay }> = [];
    const syncTimes: number[] = [];
    let prepSec = 0;
    let t0 = 0;
    let cpu0 = process.cpuUsage();
    try {
      const p0 = performance.now();
      await pool(grants, async (grant) => {
        const ws = await benchWorkstationOpen(bench.url, grant);
        ready.push({ ws, day: await communeDayMake(ws, grant.unitCode, o.dossiers, o.pages, o.pageBytes) });
      });
      prepSec = secondsSince(p0);
      let done = 0;
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      await pool(ready, async ({ ws, day }) => {
        const s0 = performance.now();
        await communeDaySync(ws, day);
        syncTimes.push(secondsSince(s0));
        done += 1;
        if (done % Math.max(1, Math.floor(o.communes / 10)) === 0) progress(`  end of day: ${done}/${o.communes} communes, ${secondsSince(t0).toFixed(0)} s`);
      });
    } finally {
      for (const { ws } of ready) await ws.close();
    }
    const fileBytes = ready.reduce((sum, r) => sum + r.day.fileBytes, 0);
    const wallSec = secondsSince(t0);
    const cpu = process.cpuUsage(cpu0);
    const cpuSec = (cpu.user + cpu.system) / 1e6;
    const docs = await countOf(bench.server.db, 'SELECT count(*) AS n FROM sync_docs');
    const files = await countOf(bench.server.db, 'SELECT count(*) AS n FROM blobs');
    // Per commune: the received and file-attached events, the derived dossiers, the file records.
    const expectDocs = o.communes * (2 * o.dossiers + 2 * o.pages);
    if (docs !== expectDocs || files !== o.communes * o.pages) throw new Error(`server holds ${docs}/${expectDocs} records, ${files}/${o.communes * o.pages} files`);
    syncTimes.sort((a, b) => a - b);
    return { engine: bench.engineName, wallSec, cpuSec, prepSec, syncP50Sec: quantile(syncTimes, 0.5), syncP95Sec: quantile(syncTimes, 0.95), docs, files, fileBytes };
  } finally {
    await bench.close();
  }
}
