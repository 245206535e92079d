import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { AppError } from '../../../shared/contract/errors.js';
import { tessdataCheck, tessdataDir, type OcrLanguage } from './tessdata.js';

// A pool of tesseract.js workers. Each tesseract.js worker is a Node worker thread running the
// Tesseract wasm core, so OCR never blocks the main process. The pool adds what tesseract.js's
// own scheduler lacks: a request id and a deadline per job, progress per job, and cancellation
// that really stops the CPU work (the job's worker is terminated and replaced lazily).

export interface OcrRecognizeRequest {
  id: string;
  /** PNG, JPEG or TIFF bytes of one normalised page. */
  image: Uint8Array;
  dpi: number;
  /** Ask for Tesseract's text-only PDF page (the invisible text layer). */
  pdf: boolean;
  title?: string;
}

export interface OcrRecognizeResponse {
  id: string;
  text: string;
  /** Mean word confidence, 0–100. */
  confidence: number;
  pdf: Uint8Array | null;
  ms: number;
}

export interface OcrSkewResponse {
  id: string;
  /** Slope Tesseract measured on the text lines, radians; sharp's rotate(degrees of it) straightens. */
  radians: number;
  ms: number;
}

export interface OcrJobOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  timeoutMs?: number;
}

export interface OcrPool {
  readonly size: number;
  recognize(req: OcrRecognizeRequest, opts?: OcrJobOptions): Promise<OcrRecognizeResponse>;
  skew(req: { id: string; image: Uint8Array; dpi: number }, opts?: OcrJobOptions): Promise<OcrSkewResponse>;
  /**
   * Starts every worker and runs a two-line Vietnamese sample through it. A fresh worker's first
   * page costs ~1.4 s more CPU (V8 compiling the wasm core); call this at start-up, off the
   * clerk's path. Returns the CPU-independent wall time it took.
   */
  warm(): Promise<number>;
  /** Workers currently alive (for tests and diagnostics). */
  liveWorkers(): number;
  close(): Promise<void>;
}

export interface OcrPoolOptions {
  lang?: OcrLanguage;
  size?: number;
  langPath?: string;
  timeoutMs?: number;
}

interface Task {
  id: string;
  run: (worker: Worker) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  opts: OcrJobOptions;
}

interface Slot {
  worker: Promise<Worker> | null;
  task: Task | null;
}

export function ocrPoolCreate(options: OcrPoolOptions = {}): OcrPool {
  const lang = options.lang ?? 'vie';
  const langPath = options.langPath ?? tessdataDir();
  tessdataCheck(langPath, lang);
  const size = Math.max(1, options.size ?? availableParallelism());
  const defaultTimeout = options.timeoutMs ?? 120_000;
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, task: null }));
  const queue: Task[] = [];
  let closed = false;

  function spawn(slot: Slot): Promise<Worker> {
    const worker = createWorker(lang, OEM.LSTM_ONLY, {
      langPath,
      cacheMethod: 'none',
      gzip: true,
      logger: (m) => {
        if (m.status === 'recognizing text') slot.task?.opts.onProgress?.(m.progress);
      },
      // Without a handler a failed load kills the process; the job's promise carries the error.
      errorHandler: () => undefined,
    });
    worker.catch(() => {
      if (slot.worker === worker) slot.worker = null;
    });
    return worker;
  }

  /** Terminates the slot's worker, unless it was already replaced by a newer one. */
  function kill(slot: Slot, only?: Promise<Worker> | null): void {
    const worker = slot.worker;
    if (only !== undefined && worker !== only) return;
    slot.worker = null;
    void worker?.then((w) => w.terminate()).catch(() => undefined);
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.task || queue.length === 0) continue;
      const task = queue.shift();
      if (!task) return;
      start(slot, task);
    }
  }

  function start(slot: Slot, task: Task): void {
    slot.task = task;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      task.opts.signal?.removeEventListener('abort', onAbort);
      slot.task = null;
      fn();
      pump();
    };
    const onAbort = (): void => {
      kill(slot);
      finish(() => task.reject(new AppError('ocr-cancelled', 'Đã hủy nhận dạng chữ', { id: task.id })));
    };
    const timeoutMs = task.opts.timeoutMs ?? defaultTimeout;
    const timer = setTimeout(() => {
      kill(slot);
      finish(() => task.reject(new AppError('timeout', `Nhận dạng chữ quá ${timeoutMs} ms`, { id: task.id, timeoutMs })));
    }, timeoutMs);
    task.opts.signal?.addEventListener('abort', onAbort, { once: true });
    slot.worker ??= spawn(slot);
    const worker = slot.worker;
    worker
      .then((w) => task.run(w))
      .then(
        (value) => finish(() => task.resolve(value)),
        (err: unknown) => {
          // A worker that failed mid-job may be wedged: replace it.
          if (!settled) kill(slot, worker);
          const message = err instanceof Error ? err.message : String(err);
          finish(() => task.reject(new AppError('ocr-failed', `Lỗi nhận dạng chữ: ${message}`, { id: task.id })));
        },
      );
  }

  function enqueue<T>(id: string, opts: OcrJobOptions, run: (w: Worker) => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new AppError('ocr-failed', 'Bộ nhận dạng chữ đã đóng', { id }));
    if (opts.signal?.aborted) return Promise.reject(new AppError('ocr-cancelled', 'Đã hủy nhận dạng chữ', { id }));
    return new Promise<T>((resolve, reject) => {
      const task: Task = { id, run, resolve: resolve as (v: unknown) => void, reject, opts };
      // A job cancelled while still queued leaves without touching any worker.
      opts.signal?.addEventListener(
        'abort',
        () => {
          const at = queue.indexOf(task);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(new AppError('ocr-cancelled', 'Đã hủy nhận dạng chữ', { id }));
          }
        },
        { once: true },
      );
      queue.push(task);
      pump();
    });
  }

  return {
    size,
    recognize(req, opts = {}) {
      return enqueue(req.id, opts, async (w) => {
        const t0 = performance.now();
        await w.setParameters({ user_defined_dpi: String(Math.round(req.dpi)), tessedit_pageseg_mode: PSM.AUTO });
        const r = await w.recognize(
          Buffer.from(req.image.buffer, req.image.byteOffset, req.image.byteLength),
          { pdfTitle: req.title ?? req.id, pdfTextOnly: true },
          { text: true, pdf: req.pdf },
        );
        const pdf = r.data.pdf ? Uint8Array.from(r.data.pdf) : null;
        return { id: req.id, text: r.data.text, confidence: r.data.confidence, pdf, ms: performance.now() - t0 };
      });
    },
    skew(req, opts = {}) {
      return enqueue(req.id, opts, async (w) => {
        const t0 = performance.now();
        await w.setParameters({ user_defined_dpi: String(Math.round(req.dpi)), tessedit_pageseg_mode: PSM.AUTO });
        // With every recognising output off, tesseract.js only finds the text lines and their slope.
        const r = await w.recognize(
          Buffer.from(req.image.buffer, req.image.byteOffset, req.image.byteLength),
          { rotateAuto: true },
          { text: false, blocks: false, hocr: false, tsv: false },
        );
        return { id: req.id, radians: r.data.rotateRadians ?? 0, ms: performance.now() - t0 };
      });
    },
    async warm() {
      const t0 = performance.now();
      const sample = await readFile(join(langPath, 'warmup.png')).catch(() => null);
      if (!sample) return 0;
      await Promise.all(slots.map((_, i) => this.recognize({ id: `warm-${i}`, image: sample, dpi: 200, pdf: true })));
      return performance.now() - t0;
    },
    liveWorkers: () => slots.filter((s) => s.worker !== null).length,
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new AppError('ocr-cancelled', 'Bộ nhận dạng chữ đã đóng', { id: task.id }));
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = null;
          if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
        }),
      );
    },
  };
}
