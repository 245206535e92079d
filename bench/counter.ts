import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { appStartMeasure } from './counter/app.js';
import type { Figures } from './counter/stats.js';
import { figuresOf } from './counter/stats.js';

// Counter performance (issue 5): the renderer's RxDB/Dexie code in Debian's Chromium with 100,000
// dossiers in a real on-disk IndexedDB. Prints figures; never passes or fails.
// Options: --runs N (default 60), --total N (default 100000), --reloads N (default 7), --fresh (reseed),
// --no-app (leave out the app's own start in the browser host, bench/counter/app.ts).

const tmp = join(import.meta.dirname, '.tmp');
const pageDir = join(tmp, 'counter-page');
const profileDir = join(tmp, 'counter-profile');
// A fixed port: IndexedDB belongs to the origin, so the seeded store is found again next run.
const port = Number(process.env.BENCH_COUNTER_PORT ?? 47615);
const args = process.argv.slice(2);
const optNum = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
};
const runs = optNum('--runs', 60);
const total = optNum('--total', 100_000);
const reloads = optNum('--reloads', 7);
const fresh = args.includes('--fresh');
const withApp = !args.includes('--no-app');

const goals: Record<string, number> = {
  'worklist overdue, first 50': 30, 'worklist received-today, first 50': 30, 'worklist due-today, first 50': 30,
  'search name prefix': 30, 'search code prefix': 30, 'intake save (received + payment-paid)': 50,
};

async function pageBuild(): Promise<void> {
  await build({
    configFile: false,
    root: join(import.meta.dirname, 'counter'),
    base: './',
    logLevel: 'warn',
    build: { outDir: pageDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192 },
  });
}

const mime: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(pageDir, path === '/' ? 'index.html' : path);
      if (!file.startsWith(pageDir) || !(await stat(file).catch(() => null))?.isFile()) {
        res.writeHead(404).end();
        return;
      }
      // CORS: the app phase loads this page's seeding module into the browser host's origin.
      res.writeHead(200, { 'content-type': mime[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
      createReadStream(file).pipe(res);
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function contextOpen(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

type OpenResult = { openMs: number; firstQueryMs: number; repairMs: number; rows: number };

async function openTime(page: Page, url: string): Promise<OpenResult> {
  await page.goto(url);
  await page.waitForFunction(() => window.__open !== undefined, undefined, { timeout: 120_000 });
  const r = await page.evaluate(() => window.__open);
  if (!r || 'error' in r) throw new Error(`open failed: ${r ? r.error : 'no result'}`);
  return r;
}

const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');

function table(rows: Figures[]): string {
  const head = '| measurement | runs | min ms | median ms | p95 ms | max ms | goal | note |\n|---|---:|---:|---:|---:|---:|---|---|';
  const goalOf = (r: Figures): string => {
    const g = goals[r.name];
    if (g === undefined) return '';
    // Opening is judged on the median of the reloads, queries and saves on p95.
    const [label, v] = /^(app: )?open/.test(r.name) ? ['median', r.median] : ['p95', r.p95];
    return `${label} ≤ ${g} ms: ${v <= g ? 'met' : '**missed**'}`;
  };
  return [head, ...rows.map((r) => `| ${r.name} | ${r.runs} | ${f(r.min)} | ${f(r.median)} | ${f(r.p95)} | ${f(r.max)} | ${goalOf(r)} | ${r.note ?? ''} |`)].join('\n');
}

const findingsMarker = '<!-- counter findings: kept across runs -->';

async function readmeWrite(section: string): Promise<void> {
  const file = join(import.meta.dirname, 'README.md');
  const text = await readFile(file, 'utf8').catch(() => '');
  const heading = '## Counter (issue 5)';
  const start = text.indexOf(heading);
  let next: string;
  if (start < 0) next = `${text.trimEnd()}\n\n${section}\n`;
  else {
    const after = text.indexOf('\n## ', start + heading.length);
    const old = text.slice(start, after < 0 ? text.length : after);
    // Hand-written findings after the marker survive a new run.
    const marker = old.indexOf(findingsMarker);
    const kept = marker < 0 ? '' : `\n${old.slice(marker).trimEnd()}\n`;
    next = text.slice(0, start) + section + kept + (after < 0 ? '' : `\n${text.slice(after + 1)}`);
  }
  await writeFile(file, next);
}

async function main(): Promise<void> {
  await mkdir(tmp, { recursive: true });
  const t0 = performance.now();
  await pageBuild();
  console.log(`page built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const server = await serve();
  const url = `http://127.0.0.1:${port}/`;
  let context = await contextOpen();
  try {
    let page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => console.log(`  [page] ${m.text()}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__bench !== undefined);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    const seeded = await page.evaluate(([n, b, fr]) => window.__bench!.seed(n, b, fr), [total, 1000, fresh] as [number, number, boolean]);
    console.log(`store: ${seeded.dossiers} dossiers, ${seeded.events} events${seeded.seeded ? `, seeded in ${(seeded.ms / 1000).toFixed(1)} s` : ' (already seeded today)'}`);
    const figures = await page.evaluate((n) => window.__bench!.measure(n), runs);

    // Open to interactive: the same profile, store already on disk. Warm = reload in a running
    // browser; after restart = a fresh Chromium process (the OS file cache stays warm).
    const warm: OpenResult[] = [];
    const warmRepair: OpenResult[] = [];
    for (let i = 0; i < reloads; i++) warm.push(await openTime(page, `${url}?open=1`));
    for (let i = 0; i < Math.min(3, reloads); i++) warmRepair.push(await openTime(page, `${url}?open=repair`));
    const restart: OpenResult[] = [];
    for (let i = 0; i < Math.min(3, reloads); i++) {
      await context.close();
      context = await contextOpen();
      page = context.pages()[0] ?? (await context.newPage());
      restart.push(await openTime(page, `${url}?open=1`));
    }
    const openRows = [
      figuresOf('open → first worklist result (reload)', warm.map((r) => r.firstQueryMs), `DB open done at median ${f(figuresOf('', warm.map((r) => r.openMs)).median)} ms`),
      figuresOf('open → first worklist result, with repair() (reload)', warmRepair.map((r) => r.firstQueryMs), `repair() median ${f(figuresOf('', warmRepair.map((r) => r.repairMs)).median)} ms`),
      figuresOf('open → first worklist result (browser restarted)', restart.map((r) => r.firstQueryMs)),
    ];
    goals[openRows[0]!.name] = 1500;
    goals[openRows[1]!.name] = 1500;
    goals[openRows[2]!.name] = 1500;
    const appRows = withApp ? await appStartMeasure(url, total, reloads, (s) => console.log(s)) : [];
    for (const r of appRows) if (r.name.startsWith('app: open → worklist')) goals[r.name] = 1500;
    const all = [...figures, ...openRows, ...appRows];
    // The user agent reports 156.0.0.0 (UA reduction); the browser object has the build.
    const chromiumVersion = context.browser()?.version() ?? /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? userAgent;
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.versions.node}, Chromium ${chromiumVersion} headless, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end`;
    const out = table(all);
    console.log(`\nMachine: ${machine}\nStore: ${seeded.dossiers} dossiers + ${seeded.events} events in IndexedDB on disk\n\n${out}\n`);
    const date = new Date().toISOString().slice(0, 10);
    await readmeWrite(`## Counter (issue 5)\n\n\`npm run bench:counter\`: the renderer's own database code (\`renderer/db/\`: RxDB 17 on Dexie) in Debian's Chromium,
driven by playwright-core, with ${seeded.dossiers.toLocaleString('en')} dossiers and their \`received\` events in a real on-disk IndexedDB (persistent
profile under \`bench/.tmp/\`). Data: ~250 intakes a day over 400 days, Vietnamese names with diacritics, personal data
sealed with AES-GCM as the repository does; older dossiers ~96 % returned, the rest still open (so the overdue list holds
thousands). Each query run starts with RxDB's query cache cleared so that it reaches IndexedDB. p95 is nearest-rank.
The "app:" rows are the app itself (\`bench/counter/app.ts\`): the browser host with its own 100,000-dossier store, a
clerk signing in, timed inside the page from navigation to the sign-in form and from the clerk's Enter to the first
worklist rows (the clerk types at ~90 ms a key in between; that time is theirs, not waited for).
Machine: ${machine}, ${date}.

${out}
`);
  } finally {
    await context.close();
    server.close();
  }
}

await main();
