import { randomUUID } from 'node:crypto';
import { errorBodyOf, type ErrorBody } from '../../../shared/contract/errors.js';
import type { PrintMode } from '../../../shared/escpos/profiles.js';

// The print queue is separate from saving the dossier: intake saves first, then enqueues the
// receipt and returns at once. A printer that is out of paper, open or unplugged makes the
// job wait and retry; it never fails or delays the intake. Failed jobs stay listed so the
// clerk can retry them, and any receipt can be printed again at any time (reprint = new job).

export type PrintJobState = 'queued' | 'printing' | 'done' | 'failed';

export interface PrintJob {
  id: string;
  dossierCode: string;
  target: string;
  mode: PrintMode;
  bytes: number;
  state: PrintJobState;
  attempts: number;
  error?: ErrorBody;
  createdAt: string;
  updatedAt: string;
}

export interface PrintQueueDeps {
  send: (target: string, bytes: Uint8Array) => Promise<void>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Waits before attempts 2, 3, …; its length + 1 is the number of attempts. */
  retryDelaysMs?: number[];
  onChange?: (job: PrintJob) => void;
  /** Finished jobs kept for the list (with their bytes, for retry). */
  keep?: number;
}

export interface PrintRequest {
  dossierCode: string;
  target: string;
  mode: PrintMode;
  bytes: Uint8Array;
}

export class PrintQueue {
  private readonly list: { job: PrintJob; data: Uint8Array }[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly deps: PrintQueueDeps) {}

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private touch(job: PrintJob, patch: Partial<PrintJob>): void {
    Object.assign(job, patch, { updatedAt: this.now() });
    if (patch.error === undefined && 'error' in patch) delete job.error;
    this.deps.onChange?.({ ...job });
  }

  /** Adds a job and returns immediately; printing happens in the background. */
  enqueue(req: PrintRequest): PrintJob {
    const at = this.now();
    const job: PrintJob = { id: randomUUID(), dossierCode: req.dossierCode, target: req.target, mode: req.mode, bytes: req.bytes.length, state: 'queued', attempts: 0, createdAt: at, updatedAt: at };
    this.list.push({ job, data: req.bytes });
    this.trim();
    const snapshot = { ...job };
    this.deps.onChange?.(snapshot);
    this.kick();
    return snapshot;
  }

  /** Puts a failed (or finished) job back in the queue with its original bytes. */
  retry(id: string): PrintJob | undefined {
    const entry = this.list.find((e) => e.job.id === id);
    if (!entry || entry.job.state === 'queued' || entry.job.state === 'printing') return entry ? { ...entry.job } : undefined;
    this.touch(entry.job, { state: 'queued', attempts: 0, error: undefined });
    this.kick();
    return { ...entry.job };
  }

  jobs(): PrintJob[] {
    return this.list.map((e) => ({ ...e.job }));
  }

  /** Resolves when nothing is queued or printing (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.list.some((e) => e.job.state === 'queued')) this.kick();
    });
  }

  private async drain(): Promise<void> {
    const delays = this.deps.retryDelaysMs ?? [2000, 5000, 15000, 30000];
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (;;) {
      const entry = this.list.find((e) => e.job.state === 'queued');
      if (!entry) return;
      const { job } = entry;
      if (job.attempts > 0) await sleep(delays[job.attempts - 1] ?? delays[delays.length - 1] ?? 0);
      this.touch(job, { state: 'printing', attempts: job.attempts + 1 });
      try {
        await this.deps.send(job.target, entry.data);
        this.touch(job, { state: 'done', error: undefined });
      } catch (err) {
        this.touch(job, { state: job.attempts > delays.length ? 'failed' : 'queued', error: errorBodyOf(err) });
      }
    }
  }

  private trim(): void {
    const keep = this.deps.keep ?? 50;
    while (this.list.length > keep) {
      const i = this.list.findIndex((e) => e.job.state === 'done' || e.job.state === 'failed');
      if (i < 0) return;
      this.list.splice(i, 1);
    }
  }
}
