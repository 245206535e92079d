import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError, isErrorCode } from '../../../shared/contract/errors.js';
import type { ImagingRequest, ImagingResponse } from '../../workers/imagingProtocol.js';
import type { PdfMetadata, PdfPageInput } from '../ocr/searchablePdf.js';
import type { NormalisedPage, PageNormaliseOptions } from './pageNormalise.js';

// Worker threads for page normalisation and PDF assembly, with the same discipline as the OCR
// pool: a request id, a deadline, and cancellation that terminates the busy thread (replaced on
// the next request). Threads start lazily and stay for the life of the pool.

export interface ImagingJobOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ImagingPool {
  normalise(bytes: Uint8Array, opts: Omit<PageNormaliseOptions, 'skewMeasure'>, job?: ImagingJobOptions): Promise<NormalisedPage>;
  assemble(pages: PdfPageInput[], meta: PdfMetadata, job?: ImagingJobOptions): Promise<Uint8Array>;
  liveWorkers(): number;
  close(): Promise<void>;
}

type Body = ImagingRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  id: number;
  body: Body;
  job: ImagingJobOptions;
  resolve: (r: ImagingResponse & { ok: true }) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker | null;
  busy: Pending | null;
}

const bootUrl = new URL('../../workers/tsBoot.mjs', import.meta.url);
const entryUrl = new URL(`../../workers/imagingWorker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

export function imagingPoolCreate(options: { size?: number; timeoutMs?: number } = {}): ImagingPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, busy: null }));
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(slot: Slot): Worker {
    const worker = new Worker(bootUrl, { workerData: { entry: entryUrl.href } });
    worker.on('message', (res: ImagingResponse) => {
      const p = slot.busy;
      if (!p || p.id !== res.id) return;
      settle(slot, () => {
        if (res.ok) p.resolve(res);
        else p.reject(new AppError(isErrorCode(res.error.code) ? res.error.code : 'internal', res.error.message, res.error.details));
      });
    });
    worker.on('error', (err) => {
      // A thread already replaced (terminated on cancel or timeout) no longer owns the slot.
      if (slot.worker !== worker) return;
      const p = slot.busy;
      slot.worker = null;
      if (p) settle(slot, () => p.reject(new AppError('internal', `Lỗi xử lý ảnh: ${err.message}`, { id: p.id })));
    });
    worker.on('exit', () => {
      if (slot.worker === worker) slot.worker = null;
    });
    return worker;
  }

  const timers = new Map<Pending, NodeJS.Timeout>();
  const aborts = new Map<Pending, () => void>();

  function settle(slot: Slot, fn: () => void): void {
    const p = slot.busy;
    if (!p) return;
    clearTimeout(timers.get(p));
    timers.delete(p);
    const onAbort = aborts.get(p);
    if (onAbort) p.job.signal?.removeEventListener('abort', onAbort);
    aborts.delete(p);
    slot.busy = null;
    fn();
    pump();
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.busy || queue.length === 0) continue;
      const p = queue.shift();
      if (!p) return;
      slot.busy = p;
      slot.worker ??= spawn(slot);
      const timeoutMs = p.job.timeoutMs ?? options.timeoutMs ?? 120_000;
      const fail = (err: AppError) => (): void => {
        const w = slot.worker;
        slot.worker = null;
        void w?.terminate();
        settle(slot, () => p.reject(err));
      };
      timers.set(p, setTimeout(fail(new AppError('timeout', `Xử lý ảnh quá ${timeoutMs} ms`, { id: p.id, timeoutMs })), timeoutMs));
      const onAbort = fail(new AppError('ocr-cancelled', 'Đã hủy xử lý ảnh', { id: p.id }));
      aborts.set(p, onAbort);
      p.job.signal?.addEventListener('abort', onAbort, { once: true });
      slot.worker.postMessage({ id: p.id, ...p.body } as ImagingRequest);
    }
  }

  function request(body: Body, job: ImagingJobOptions): Promise<ImagingResponse & { ok: true }> {
    if (closed) return Promise.reject(new AppError('internal', 'Bộ xử lý ảnh đã đóng'));
    if (job.signal?.aborted) return Promise.reject(new AppError('ocr-cancelled', 'Đã hủy xử lý ảnh'));
    return new Promise((resolve, reject) => {
      const p: Pending = { id: nextId++, body, job, resolve, reject };
      job.signal?.addEventListener(
        'abort',
        () => {
          const at = queue.indexOf(p);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(new AppError('ocr-cancelled', 'Đã hủy xử lý ảnh', { id: p.id }));
          }
        },
        { once: true },
      );
      queue.push(p);
      pump();
    });
  }

  return {
    async normalise(bytes, opts, job = {}) {
      const r = await request({ kind: 'normalise', bytes, opts }, job);
      if (r.kind !== 'normalise') throw new AppError('internal', 'unexpected imaging answer');
      return r.page;
    },
    async assemble(pages, meta, job = {}) {
      const r = await request({ kind: 'assemble', pages, meta }, job);
      if (r.kind !== 'assemble') throw new AppError('internal', 'unexpected imaging answer');
      return r.pdf;
    },
    liveWorkers: () => slots.filter((s) => s.worker !== null).length,
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new AppError('ocr-cancelled', 'Bộ xử lý ảnh đã đóng', { id: p.id }));
      await Promise.all(
        slots.map(async (slot) => {
          const w = slot.worker;
          slot.worker = null;
          if (w) await w.terminate();
        }),
      );
    },
  };
}
