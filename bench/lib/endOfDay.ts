import type { Db } from '../../server/db/db.js';
import { benchServerStart, secondsSince, type Engine } from './server.js';
import { benchWorkstationOpen, communeDayMake, communeDaySync, communeGrants } from './workstation.js';

// End of day for a province: every commune's workstation sends its day (20 dossiers, their
// events, 100 page files) through the real push endpoint and tus uploads, `concurrency`
// workstations at a time. Clients run in this process, so they share the cores with the server.

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
    const syncTimes: number[] = [];
    let prepSec = 0;
    let fileBytes = 0;
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    const worker = async () => {
      for (;;) {
        const grant = grants[next++];
        if (!grant) return;
        const ws = await benchWorkstationOpen(bench.url, grant);
        try {
          // The day's files already sit in the workstation's store: making them is not ingest.
          const p0 = performance.now();
          const day = await communeDayMake(ws, grant.unitCode, o.dossiers, o.pages, o.pageBytes);
          prepSec += secondsSince(p0);
          fileBytes += day.fileBytes;
          const s0 = performance.now();
          await communeDaySync(ws, day);
          syncTimes.push(secondsSince(s0));
        } finally {
          await ws.close();
        }
        done += 1;
        if (done % Math.max(1, Math.floor(o.communes / 10)) === 0) progress(`  end of day: ${done}/${o.communes} communes, ${secondsSince(t0).toFixed(0)} s`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.communes) }, worker));
    const wallSec = secondsSince(t0);
    const docs = await countOf(bench.server.db, 'SELECT count(*) AS n FROM sync_docs');
    const files = await countOf(bench.server.db, 'SELECT count(*) AS n FROM blobs');
    const expectDocs = o.communes * (2 * o.dossiers + o.pages);
    if (docs !== expectDocs || files !== o.communes * o.pages) throw new Error(`server holds ${docs}/${expectDocs} records, ${files}/${o.communes * o.pages} files`);
    syncTimes.sort((a, b) => a - b);
    return { engine: bench.engineName, wallSec, prepSec, syncP50Sec: quantile(syncTimes, 0.5), syncP95Sec: quantile(syncTimes, 0.95), docs, files, fileBytes };
  } finally {
    await bench.close();
  }
}
