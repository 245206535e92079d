import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { codeReuse, dataDirCheck, rendererSnapshot, rendererViolations, type RendererSnapshot } from './crashChecks.js';
import { seededRandom } from '../support/seededRandom.js';
import { sleep } from './crashKit.js';
import { intakeFinish, intakeOpen, pendingSync, pollUntil, type IntakeInput } from './crashUi.js';
import { worldClose, worldCreate, worldKill, worldReady, type Target, type World } from './crashWorld.js';

// The crash-safety run (issue 11): for each phase (intake, scanning, sync), N rounds of "start
// the work, SIGKILL the host or the renderer at a random moment, restart, check". A dossier must
// be whole or absent, no file half-written, state files readable, the audit chain intact, codes
// never reused, and sync must finish afterwards.

export type Phase = 'intake' | 'scan' | 'sync';
export const phases: Phase[] = ['intake', 'scan', 'sync'];
const targets: Target[] = ['host', 'renderer', 'browser'];

export interface CrashOptions {
  rounds: number;
  seed: number;
  phases?: Phase[];
  workDir?: string;
  log?: (line: string) => void;
}

export interface PhaseFigures {
  rounds: number;
  kills: Record<Target, number>;
  /** Kills that landed while the work was still running (the others hit just after it). */
  midway: number;
  msTotal: number;
}

export interface CrashSummary {
  seed: number;
  rounds: number;
  phases: Partial<Record<Phase, PhaseFigures>>;
  dossiers: number;
  blobs: number;
  strayTemps: number;
  violations: string[];
  elapsedMs: number;
}

/** Our intakes always carry one file: a dossier saved without it is half an intake. */
const namePrefix = 'Thử Nghiệm Sập';

function pdfBytes(tag: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${tag} ${randomBytes(8).toString('hex')}\n%%EOF\n`);
}

async function intakeFull(page: Page, input: IntakeInput): Promise<void> {
  await intakeOpen(page, input);
  await intakeFinish(page, input);
}

interface PhaseWork {
  /** Steps before the window in which the kill may land. */
  before(page: Page): Promise<void>;
  /** The work the kill interrupts. */
  during(page: Page): Promise<void>;
}

function phaseWork(world: World, phase: Phase, round: number): PhaseWork {
  const input: IntakeInput = { name: `${namePrefix} ${phase} ${round}` };
  if (phase === 'intake') {
    const withFile = { ...input, attach: { name: `to-khai-${round}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes(`intake ${round}`) } };
    return { before: (page) => intakeOpen(page, withFile), during: (page) => intakeFinish(page, withFile).then(() => undefined) };
  }
  if (phase === 'scan') {
    const scanned = { ...input, scanDevice: 'sane:test' };
    return { before: (page) => intakeOpen(page, scanned), during: (page) => intakeFinish(page, scanned).then(() => undefined) };
  }
  return {
    async before(page) {
      // The line drops; two dossiers are taken in offline and wait for the server.
      world.gate.down();
      for (const k of [1, 2]) {
        await intakeFull(page, { ...input, name: `${input.name}.${k}`, attach: { name: `sync-${round}-${k}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes(`sync ${round}.${k}`) } });
      }
      await page.keyboard.press('F3');
    },
    async during(page) {
      world.gate.up = true;
      await page.getByTestId('sync-now').click();
      await pollUntil('pending count 0', () => pendingSync(page), (n) => n === 0, 90_000);
    },
  };
}

async function serverHas(world: World, snap: RendererSnapshot): Promise<string[]> {
  const rows = await world.server.db.query<{ collection: string; id: string }>('SELECT collection, id FROM sync_docs');
  const held = new Set(rows.map((r) => `${r.collection}/${r.id}`));
  const out: string[] = [];
  for (const d of snap.dossiers) if (!held.has(`dossiers/${d.id}`)) out.push(`server lacks dossier ${String(d.code)} after sync`);
  for (const e of snap.events) if (!held.has(`events/${e.id}`)) out.push(`server lacks event ${e.id} after sync`);
  return out;
}

async function serverBlobsHave(world: World, shas: string[]): Promise<string[]> {
  if (shas.length === 0) return [];
  try {
    await pollUntil(
      'blobs uploaded',
      async () => new Set((await world.server.db.query<{ sha256: string }>('SELECT sha256 FROM blobs')).map((r) => r.sha256)),
      (have) => shas.every((s) => have.has(s)),
      60_000,
      500,
    );
    return [];
  } catch {
    return [`some file bytes never reached the server after sync`];
  }
}

async function sequenceCheck(dataDir: string, snap: RendererSnapshot): Promise<string[]> {
  const file = JSON.parse(await readFile(join(dataDir, 'sequence.json'), 'utf8')) as { state: { date: string; next: number } | null };
  const out: string[] = [];
  for (const d of snap.dossiers) {
    const m = /-(\d{6})-(\d{4})$/.exec(String(d.code));
    if (!m || !file.state || m[1] !== file.state.date.replaceAll('-', '').slice(2)) continue;
    if (Number(m[2]) >= file.state.next) out.push(`code ${String(d.code)} is at or past the allocator's next number ${file.state.next}: it could be issued again`);
  }
  return out;
}

/** After a kill: restart, then every invariant; returns the violations and the store's figures. */
async function afterKill(world: World, seen: Map<string, string>): Promise<{ violations: string[]; dossiers: number; blobs: number; strayTemps: number }> {
  world.gate.up = true;
  const page = await worldReady(world);
  const snap = await rendererSnapshot(page);
  const violations = [...rendererViolations(snap), ...codeReuse(seen, snap), ...(await sequenceCheck(world.dataDir, snap))];
  for (const d of snap.dossiers) {
    if (!String(d.applicantName ?? '').startsWith(namePrefix)) continue;
    const files = snap.events.filter((e) => e.dossierId === d.id && e.type === 'file-attached').length;
    if (files === 0) violations.push(`dossier ${String(d.code)} saved without the file its intake carried (half an intake)`);
  }
  const shas = snap.files.map((f) => String(f.sha256));
  const data = await dataDirCheck(world.dataDir, shas);
  violations.push(...data.violations);
  // Sync resumes: every event of this workstation is acknowledged by the server (read from the
  // database: the status bar shows 0 until its query first answers), the status bar agrees, and
  // the server holds every record and file.
  await page.getByTestId('sync-now').click({ timeout: 30_000 }).catch(() => undefined);
  try {
    await pollUntil(
      'every event acknowledged after restart',
      async () => (await rendererSnapshot(page)).events.filter((e) => e.syncState !== 'acknowledged').length,
      (n) => n === 0,
      120_000,
      1_000,
    );
    await pollUntil('status bar pending 0', () => pendingSync(page), (n) => n === 0, 30_000, 500);
    violations.push(...(await serverHas(world, snap)), ...(await serverBlobsHave(world, shas)));
  } catch (err) {
    violations.push(`sync did not resume: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { violations, dossiers: snap.dossiers.length, blobs: data.blobs, strayTemps: data.strayTemps.length };
}

export async function crashSafetyRun(options: CrashOptions): Promise<CrashSummary> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const random = seededRandom(options.seed);
  const started = Date.now();
  const summary: CrashSummary = { seed: options.seed, rounds: 0, phases: {}, dossiers: 0, blobs: 0, strayTemps: 0, violations: [], elapsedMs: 0 };
  const world = await worldCreate(options.workDir);
  log(`crash run: seed ${options.seed}, ${options.rounds} rounds per phase, work folder ${world.root}`);
  const seen = new Map<string, string>();
  const reported = new Set<string>();
  // How long the interrupted work takes, learnt as the run goes (kills land anywhere in it).
  const windowMs: Record<Phase, number> = { intake: 3_000, scan: 20_000, sync: 4_000 };
  try {
    for (const phase of options.phases ?? phases) {
      const figures: PhaseFigures = { rounds: 0, kills: { host: 0, renderer: 0, browser: 0 }, midway: 0, msTotal: 0 };
      summary.phases[phase] = figures;
      for (let round = 1; round <= options.rounds; round++) {
        const roundStart = Date.now();
        let killed: Target = 'host';
        let delay = 0;
        let doneAt = 0;
        let found: string[];
        let result = { dossiers: summary.dossiers, blobs: summary.blobs, strayTemps: summary.strayTemps };
        try {
          const page = await worldReady(world);
          const work = phaseWork(world, phase, round);
          await work.before(page);
          const target = targets[Math.floor(random() * targets.length)] ?? 'host';
          delay = Math.floor(random() * windowMs[phase] * 1.1);
          const t0 = Date.now();
          const running = work.during(page).then(
            () => (doneAt = Date.now()),
            () => undefined,
          );
          await Promise.race([sleep(delay), running.then(() => sleep(Math.max(0, delay - (Date.now() - t0))))]);
          killed = await worldKill(world, target);
          await running;
          if (doneAt) windowMs[phase] = Math.round(0.5 * windowMs[phase] + 0.5 * (doneAt - t0));
          else figures.midway++;
          figures.kills[killed]++;
          const after = await afterKill(world, seen);
          result = after;
          found = after.violations;
        } catch (err) {
          // Not getting back to work after a kill is a finding too; start everything afresh.
          found = [`could not get back to work: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`];
          await world.browser?.kill();
          world.browser = null;
        }
        figures.rounds++;
        summary.rounds++;
        figures.msTotal += Date.now() - roundStart;
        summary.dossiers = result.dossiers;
        summary.blobs = result.blobs;
        summary.strayTemps = result.strayTemps;
        // A broken dossier stays broken: report each finding once, at the round that caused it.
        const fresh = found.filter((v) => !reported.has(v));
        for (const v of fresh) {
          reported.add(v);
          summary.violations.push(`${phase} #${round} (${killed} killed at ${delay} ms): ${v}`);
        }
        log(
          `${phase} #${round}: killed ${killed} at ${delay} ms ${doneAt ? 'after the work finished' : 'mid-work'}; ` +
            `${result.dossiers} dossiers, ${result.blobs} blobs, ${result.strayTemps} stray temp files; ` +
            `${fresh.length ? `NEW VIOLATIONS: ${fresh.join(' | ')}` : found.length ? `${found.length} known violations` : 'ok'} (${Date.now() - roundStart} ms)`,
        );
      }
    }
  } finally {
    await worldClose(world);
    // A failing run keeps its folder (data, Chromium profile, server) for a look.
    if (!options.workDir && summary.violations.length === 0) await rm(world.root, { recursive: true, force: true });
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

export function summaryFormat(s: CrashSummary): string {
  const lines = [`crash safety: ${s.rounds} rounds in ${(s.elapsedMs / 1000).toFixed(0)} s (seed ${s.seed})`];
  for (const [phase, f] of Object.entries(s.phases)) {
    lines.push(
      `  ${phase.padEnd(6)} ${f.rounds} rounds, kills host ${f.kills.host} / renderer ${f.kills.renderer} / browser ${f.kills.browser}, ` +
        `${f.midway} mid-work, ${f.rounds ? (f.msTotal / f.rounds / 1000).toFixed(1) : '0'} s per round`,
    );
  }
  lines.push(`  store: ${s.dossiers} dossiers, ${s.blobs} blobs, ${s.strayTemps} stray temp files`);
  lines.push(s.violations.length ? `  ${s.violations.length} VIOLATIONS:` : '  no violations');
  for (const v of s.violations) lines.push(`    ${v}`);
  return lines.join('\n');
}
