import { parentPort } from 'node:worker_threads';
import { errorBodyOf } from '../../shared/contract/errors.js';
import { pageNormalise } from '../services/imaging/pageNormalise.js';
import { searchablePdfBuild } from '../services/ocr/searchablePdf.js';
import type { ImagingRequest, ImagingResponse } from './imagingProtocol.js';

// Imaging worker thread: page normalisation (sharp + pixel scans) and PDF assembly (pdf-lib),
// so that none of it runs on the main process's event loop.

const port = parentPort;
if (!port) throw new Error('imagingWorker must run in a worker thread');

port.on('message', (req: ImagingRequest) => {
  void (async () => {
    let res: ImagingResponse;
    try {
      if (req.kind === 'normalise') {
        res = { id: req.id, ok: true, kind: 'normalise', page: await pageNormalise(req.bytes, req.opts) };
      } else {
        res = { id: req.id, ok: true, kind: 'assemble', pdf: await searchablePdfBuild(req.pages, req.meta) };
      }
    } catch (err) {
      res = { id: req.id, ok: false, error: errorBodyOf(err) };
    }
    // Copied, not transferred: a few MB a page costs milliseconds, and small Buffers share
    // Node's pool, which a transfer would detach.
    port.postMessage(res);
  })();
});
