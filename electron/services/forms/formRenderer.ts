import { Worker } from 'node:worker_threads';
import { AppError, type ErrorBody } from '../../../shared/contract/errors.js';
import type { RenderedForm } from './formRender.js';
import type { FormJob } from './formWorker.js';
import type { FormDossierView, FormKind } from './model.js';

// Renders forms on one long-lived worker thread (architecture: PDF assembly never runs on the
// main thread). Jobs are queued in order; each has a timeout; a worker that dies or times out
// is replaced on the next job. In development and tests the worker runs the TypeScript source
// through tsx; a packaged build passes the URL of its bundled worker.

export interface FormRendererOptions {
  fontDir?: string;
  /** Worker entry; defaults to formWorkerDev.mjs beside this file (formWorker.ts through tsx). */
  workerUrl?: URL;
  timeoutMs?: number;
}

export interface FormRenderer {
  render(kind: FormKind, view: FormDossierView): Promise<RenderedForm>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; form: RenderedForm } | { id: number; ok: false; error: ErrorBody };

interface Pending {
  resolve: (form: RenderedForm) => void;
  reject: (err: AppError) => void;
  timer: NodeJS.Timeout;
}

export function formRendererCreate(opts: FormRendererOptions = {}): FormRenderer {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const url = opts.workerUrl ?? new URL('./formWorkerDev.mjs', import.meta.url);
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (err: AppError): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(err);
      pending.delete(id);
    }
  };

  const spawn = (): Worker => {
    const w = new Worker(url, {
      name: 'form-render',
      workerData: { fontDir: opts.fontDir },
    });
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.ok) p.resolve({ ...reply.form, bytes: new Uint8Array(reply.form.bytes) });
      else p.reject(new AppError(reply.error.code, reply.error.message, reply.error.details));
    });
    w.on('error', (err) => failAll(new AppError('internal', `Lỗi luồng in biểu mẫu: ${err.message}`)));
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new AppError('internal', 'Luồng in biểu mẫu đã dừng'));
    });
    w.unref();
    return w;
  };

  return {
    render(kind, view) {
      worker ??= spawn();
      const w = worker;
      const id = nextId++;
      return new Promise<RenderedForm>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new AppError('timeout', `In biểu mẫu ${kind} quá ${timeoutMs} ms`, { kind, timeoutMs }));
          // A stuck worker is replaced; its other jobs fail through the exit handler.
          if (worker === w) worker = null;
          void w.terminate();
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        w.ref();
        const job: FormJob = { id, kind, view };
        w.postMessage(job);
      }).finally(() => {
        if (pending.size === 0) w.unref();
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
