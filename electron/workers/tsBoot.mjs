// Entry of every worker thread of the main process. In development, the CLI and tests the
// worker's module is TypeScript: register tsx inside the thread (loader hooks registered on the
// parent thread do not reach workers in Node 20). A bundled build passes a .js entry.
import { workerData } from 'node:worker_threads';

const entry = /** @type {{ entry: string }} */ (workerData).entry;
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
