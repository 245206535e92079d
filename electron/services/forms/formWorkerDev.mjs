// Development entry of the form worker: registers tsx in this worker thread, then loads the
// TypeScript worker. A packaged build points formRendererCreate at its bundled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./formWorker.ts');
