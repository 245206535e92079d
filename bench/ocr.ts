import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dossierPdfMake } from '../electron/services/ocr/dossierPdf.js';
import { ocrPoolCreate } from '../electron/services/ocr/ocrPool.js';
import { tessdataDir } from '../electron/services/ocr/tessdata.js';
import { charErrorRate, pageRender, vietnameseParagraphs } from '../tests/fixtures/ocr/pageRender.js';

// OCR and searchable-PDF figures against the Debian yardsticks, on generated Vietnamese pages
// (known ground truth) at 300 and 200 dpi, clean and degraded (skew, blur, noise, JPEG q45).
//  1. Engine: tesseract.js (warm worker, one thread) vs native `tesseract` (OMP_THREAD_LIMIT=1)
//     on the same page file with the same model (the shipped vie 4.0.0_best_int, gunzipped for
//     the native run). Wall seconds and CPU seconds (user+sys: steadier on a shared machine).
//  2. Searchable PDF: `motcua ocr` (bilevel and gray) vs `ocrmypdf --output-type pdf` on the same
//     page: bytes per page, wall and CPU time as whole processes, CER of `pdftotext`; plus the
//     same pipeline in-process with a warm worker (what the app does after start-up).
// Prints figures; never passes or fails. BENCH_REPS (default 2) repeats engine runs, min is kept.

const run = promisify(execFile);
const root = new URL('../', import.meta.url).pathname;
const reps = Math.max(1, Number(process.env.BENCH_REPS ?? 2));
const cases = [
  { dpi: 300, degraded: false },
  { dpi: 300, degraded: true },
  { dpi: 200, degraded: false },
  { dpi: 200, degraded: true },
] as const;

interface Timed {
  wall: number;
  cpu: number;
}

/** Runs a process under /usr/bin/time and returns its stdout, wall and CPU seconds. */
async function timedProcess(cmd: string[], env: Record<string, string> = {}): Promise<Timed & { stdout: string }> {
  const tf = join(tmpdir(), `bench-time-${process.pid}`);
  const { stdout } = await run('/usr/bin/time', ['-o', tf, '-f', '%e %U %S', ...cmd], {
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
    cwd: root,
  });
  const [wall, user, sys] = (await readFile(tf, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number);
  return { stdout, wall: wall!, cpu: user! + sys! };
}

async function inProcess<T>(fn: () => Promise<T>): Promise<Timed & { value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const best = (xs: Timed[]): Timed => ({ wall: Math.min(...xs.map((x) => x.wall)), cpu: Math.min(...xs.map((x) => x.cpu)) });
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
const s = (x: number): string => x.toFixed(2);

async function nativeTessdata(dir: string): Promise<string> {
  const td = join(dir, 'tessdata');
  await mkdir(td);
  await writeFile(join(td, 'vie.traineddata'), gunzipSync(await readFile(join(tessdataDir(), 'vie.traineddata.gz'))));
  // ocrmypdf and the pdf/txt configs need Debian's config files beside the model.
  for (const f of ['configs', 'tessconfigs', 'pdf.ttf', 'osd.traineddata']) {
    await symlink(`/usr/share/tesseract-ocr/5/tessdata/${f}`, join(td, f)).catch(() => undefined);
  }
  return td;
}

async function pdfText(path: string): Promise<string> {
  return (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-ocr-'));
  const td = await nativeTessdata(dir);
  const truth = vietnameseParagraphs.join('\n');
  const native = (await run('tesseract', ['--version'])).stdout.split('\n')[0] ?? 'tesseract';
  const omp = (await run('ocrmypdf', ['--version'])).stdout.trim();
  console.log(`# OCR bench — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.versions.node}, ${native}, ocrmypdf ${omp}`);
  console.log(`# page: ${truth.length} characters of Vietnamese, A4, Noto Serif 12 pt; reps=${reps} (min kept)\n`);

  const pool = ocrPoolCreate({ size: 1 });
  const first = await pageRender({ dpi: 200, lines: vietnameseParagraphs.slice(0, 1) });
  await pool.recognize({ id: 'warm', image: first.png, dpi: 200, pdf: false });

  console.log('## 1. OCR engine, same page file, same vie model (seconds per page)');
  console.log('| page | tesseract.js wall / cpu | native wall / cpu | ratio wall / cpu | CER js | CER native | CER js full pipeline |');
  console.log('|---|---|---|---|---|---|---|');
  const files: { name: string; path: string; dpi: number }[] = [];
  const warm = new Map<string, Timed & { bytes: number; text: string }>();
  for (const c of cases) {
    const name = `${c.dpi} dpi ${c.degraded ? 'degraded' : 'clean'}`;
    const page = await pageRender({ dpi: c.dpi, degraded: c.degraded });
    const path = join(dir, `page-${c.dpi}-${c.degraded ? 'd' : 'c'}.png`);
    await writeFile(path, page.png);
    files.push({ name, path, dpi: c.dpi });
    const js: Timed[] = [];
    const nat: Timed[] = [];
    let jsText = '';
    let natText = '';
    for (let r = 0; r < reps; r++) {
      const a = await inProcess(() => pool.recognize({ id: name, image: page.png, dpi: c.dpi, pdf: false }));
      js.push(a);
      jsText = a.value.text;
      const b = await timedProcess(['tesseract', path, 'stdout', '-l', 'vie', '--tessdata-dir', td, '--dpi', String(c.dpi)], {
        OMP_THREAD_LIMIT: '1',
      });
      nat.push(b);
      natText = b.stdout;
    }
    const full = await dossierPdfMake(pool, { pages: [page.png], outPath: join(dir, 'full.pdf'), dossierCode: 'B', componentCode: 'C', mode: 'bilevel', dpi: c.dpi });
    for (const mode of ['bilevel', 'gray'] as const) {
      const t = await inProcess(() =>
        dossierPdfMake(pool, { pages: [page.png], outPath: join(dir, `warm-${mode}.pdf`), dossierCode: 'B', componentCode: 'C', mode, dpi: c.dpi }),
      );
      warm.set(`${name} ${mode}`, { wall: t.wall, cpu: t.cpu, bytes: t.value.bytes, text: await pdfText(join(dir, `warm-${mode}.pdf`)) });
    }
    const j = best(js);
    const n = best(nat);
    console.log(
      `| ${name} | ${s(j.wall)} / ${s(j.cpu)} | ${s(n.wall)} / ${s(n.cpu)} | ${s(j.wall / n.wall)}× / ${s(j.cpu / n.cpu)}× | ${pct(charErrorRate(truth, jsText))} | ${pct(charErrorRate(truth, natText))} | ${pct(charErrorRate(truth, full.pages[0]?.text ?? ''))} |`,
    );
  }
  await pool.close();

  console.log('\n## 2. Searchable PDF of one page, whole processes (bytes, seconds)');
  console.log('| page | tool | bytes | wall | cpu | CER pdftotext |');
  console.log('|---|---|---|---|---|---|');
  for (const f of files) {
    const tools: [string, string, string[], Record<string, string>][] = [
      ['motcua ocr --mode bilevel', join(dir, 'b.pdf'), [process.execPath, 'bin/motcua.js', 'ocr', f.path, '--out', join(dir, 'b.pdf'), '--dpi', String(f.dpi), '--workers', '1'], {}],
      ['motcua ocr --mode gray', join(dir, 'g.pdf'), [process.execPath, 'bin/motcua.js', 'ocr', f.path, '--out', join(dir, 'g.pdf'), '--dpi', String(f.dpi), '--mode', 'gray', '--workers', '1'], {}],
      [
        'ocrmypdf --output-type pdf',
        join(dir, 'o.pdf'),
        ['ocrmypdf', '-q', '-l', 'vie', '--image-dpi', String(f.dpi), '--output-type', 'pdf', '--jobs', '1', f.path, join(dir, 'o.pdf')],
        { OMP_THREAD_LIMIT: '1', TESSDATA_PREFIX: td },
      ],
    ];
    for (const mode of ['bilevel', 'gray'] as const) {
      const w = warm.get(`${f.name} ${mode}`);
      if (w) console.log(`| ${f.name} | in-process, warm pool, --mode ${mode} | ${w.bytes.toLocaleString('en')} | ${s(w.wall)} | ${s(w.cpu)} | ${pct(charErrorRate(truth, w.text))} |`);
    }
    for (const [label, out, cmd, env] of tools) {
      const t = await timedProcess(cmd, env);
      const bytes = (await stat(out)).size;
      console.log(`| ${f.name} | ${label} | ${bytes.toLocaleString('en')} | ${s(t.wall)} | ${s(t.cpu)} | ${pct(charErrorRate(truth, await pdfText(out)))} |`);
    }
  }
  await rm(dir, { recursive: true, force: true });
}

await main();
