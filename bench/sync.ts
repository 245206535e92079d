import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { endOfDayRun } from './lib/endOfDay.js';
import { linkDayDefaults, linkDayRun } from './lib/linkDay.js';
import { pouchRun } from './lib/pouch.js';
import { benchReceivedMany } from './lib/benchEvents.js';
import { throughputRun, type ThroughputResult } from './lib/throughput.js';

// `npm run bench:sync [-- --communes N --concurrency K --only a,b]`: figures of the provincial
// server and replication (issue 6, "Benchmarks"). Prints figures; never pass/fail.
//   throughput: push / re-push / pull of 10k dossiers' received events (each checked in full), PGlite and PostgreSQL (PG_TEST_URL or
//               BENCH_PG_URL), side by side with PouchDB → express-pouchdb in memory (pouch).
//   eod:        end of day for N communes (default 3,321) of 20 dossiers and 100 page files.
//   link:       one commune's day over 1 Mbit/s, 300 ms RTT, 2 % loss, and a cut mid-upload.

const { values } = parseArgs({
  options: {
    communes: { type: 'string' },
    concurrency: { type: 'string' },
    'page-bytes': { type: 'string' },
    only: { type: 'string' },
  },
  strict: true,
});
const intOf = (v: string | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${name} must be a positive integer, got "${v}"`);
  return Number(v);
};
const parts = new Set((values.only ?? 'throughput,pouch,eod,link').split(','));
const total = Number(process.env.BENCH_DOCS ?? 10_000);
const pushBatch = Number(process.env.BENCH_PUSH_BATCH ?? 100);
const pullBatch = Number(process.env.BENCH_PULL_BATCH ?? 500);
const pgUrl = process.env.BENCH_PG_URL ?? process.env.PG_TEST_URL;
const rate = (n: number, sec: number) => Math.round(n / sec);
const mb = (bytes: number) => (bytes / 1e6).toFixed(2);

console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);

if (parts.has('throughput') || parts.has('pouch')) {
  const results: ThroughputResult[] = [];
  if (parts.has('throughput')) {
    results.push(await throughputRun('pglite', undefined, { total, pushBatch, pullBatch }));
    if (pgUrl) results.push(await throughputRun('pg', pgUrl, { total, pushBatch, pullBatch }));
    else console.log('PostgreSQL skipped: set PG_TEST_URL or BENCH_PG_URL to include it (and the PouchDB ratio against it).');
  }
  console.log(`\n${total} dossiers, push batches of ${pushBatch}, pull batches of ${pullBatch}`);
  const rows: Array<Record<string, string | number>> = results.map((r) => ({
    stack: `MotCua server, ${r.engine}`,
    'push s': r.pushSec.toFixed(2),
    'push docs/s': rate(total, r.pushSec),
    're-push docs/s': rate(total, r.repushSec),
    'pull s': r.pullSec.toFixed(2),
    'pull docs/s': rate(total, r.pullSec),
  }));
  if (parts.has('pouch')) {
    const pouch = await pouchRun(benchReceivedMany(total), pushBatch, pullBatch);
    rows.push({ stack: 'PouchDB → express-pouchdb (memory)', 'push s': pouch.pushSec.toFixed(2), 'push docs/s': rate(total, pouch.pushSec), 're-push docs/s': '', 'pull s': pouch.pullSec.toFixed(2), 'pull docs/s': rate(total, pouch.pullSec) });
    console.table(rows);
    const ours = results.find((r) => r.engine.startsWith('PostgreSQL')) ?? results[0];
    if (ours) {
      const push = pouch.pushSec / ours.pushSec;
      const pull = pouch.pullSec / ours.pullSec;
      console.log(`Ours (${ours.engine}) against PouchDB: push ${push.toFixed(2)}×, pull ${pull.toFixed(2)}× (goal ≥ 3×: push ${push >= 3 ? 'met' : 'missed'}, pull ${pull >= 3 ? 'met' : 'missed'})`);
    }
  } else console.table(rows);
}

if (parts.has('eod')) {
  const communes = intOf(values.communes, 3321, 'communes');
  const concurrency = intOf(values.concurrency, 32, 'concurrency');
  const pageBytes = intOf(values['page-bytes'], 4096, 'page-bytes');
  console.log(`\nEnd of day: ${communes} communes × (20 dossiers, 20 events, 100 page files of ${pageBytes} B), ${concurrency} workstations at a time, ${pgUrl ? 'PostgreSQL' : 'PGlite'}`);
  const r = await endOfDayRun(pgUrl ? 'pg' : 'pglite', pgUrl, { communes, dossiers: 20, pages: 100, pageBytes, concurrency }, console.log);
  const perCommune = r.wallSec / communes;
  console.table([{
    engine: r.engine,
    communes,
    'wall s': r.wallSec.toFixed(1),
    'CPU s (server + clients)': r.cpuSec.toFixed(1),
    'records/s': rate(r.docs, r.wallSec),
    'files/s': rate(r.files, r.wallSec),
    'MB in': mb(r.fileBytes),
    'one commune p50 s': r.syncP50Sec.toFixed(2),
    'p95 s': r.syncP95Sec.toFixed(2),
  }]);
  console.log(`(making the communes' days beforehand, untimed: ${r.prepSec.toFixed(1)} s)`);
  const full = perCommune * 3321;
  console.log(`${communes === 3321 ? 'Measured' : 'Linear estimate for'} 3,321 communes: ${(full / 60).toFixed(1)} min (goal ≤ 15 min: ${full <= 900 ? 'met' : 'missed'})`);
}

if (parts.has('link')) {
  const o = linkDayDefaults;
  const m = o.model;
  console.log(`\nOne commune's day over ${m.bitsPerSec / 1e6} Mbit/s, ${m.rttMs} ms RTT, ${m.lossRate * 100} % loss (bench/lib/shaper.ts): ${o.dossiers} dossiers, ${o.pages} page files of ${o.pageBytes} B`);
  const r = await linkDayRun(o);
  console.table(r.runs.map((x) => {
    const ideal = (x.upBytes * 8) / m.bitsPerSec;
    return {
      run: x.label,
      'wall s': x.wallSec.toFixed(1),
      'bytes up': x.upBytes,
      'bytes down': x.downBytes,
      'bytes ÷ bandwidth s': ideal.toFixed(1),
      'wall ÷ ideal': (x.wallSec / ideal).toFixed(2),
      'payload ÷ bandwidth s': ((x.payloadBytes * 8) / m.bitsPerSec).toFixed(1),
      connections: x.connections,
      'lost segments': x.lost,
    };
  }));
  const first = r.runs[0];
  if (first) {
    const ratio = first.wallSec / ((first.upBytes * 8) / m.bitsPerSec);
    console.log(`Wall ÷ (bytes ÷ bandwidth), as the app uploads: ${ratio.toFixed(2)}× (goal ≤ 1.25×: ${ratio <= 1.25 ? 'met' : 'missed'})`);
  }
  console.log(`Bytes sent again after a cut mid-upload: ${r.resentBytes} B (one tus chunk = ${o.chunkBytes} B, one page file = ${o.pageBytes} B; goal ≤ one chunk: ${r.resentBytes <= o.chunkBytes ? 'met' : 'missed'})`);
  console.log(`Bytes sent again after a cut inside one ${r.largeBytes} B scan: ${r.largeResentBytes} B (goal ≤ one chunk: ${r.largeResentBytes <= o.chunkBytes ? 'met' : 'missed'})`);
}
