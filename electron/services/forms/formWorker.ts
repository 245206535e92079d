import { parentPort, workerData } from 'node:worker_threads';
import { errorBodyOf } from '../../../shared/contract/errors.js';
import { formRender, type FormRenderOptions } from './formRender.js';
import type { FormDossierView, FormKind } from './model.js';

// Worker-thread side of formRendererCreate: font subsetting and PDF serialisation take a few
// hundred milliseconds per form, which must not stall the main process's IPC.

export interface FormJob {
  id: number;
  kind: FormKind;
  view: FormDossierView;
}

const port = parentPort;
const options = (workerData ?? {}) as Pick<FormRenderOptions, 'fontDir'>;

port?.on('message', (job: FormJob) => {
  formRender(job.kind, job.view, options).then(
    (form) => port.postMessage({ id: job.id, ok: true, form }, [form.bytes.buffer as ArrayBuffer]),
    (err: unknown) => port.postMessage({ id: job.id, ok: false, error: errorBodyOf(err) }),
  );
});
