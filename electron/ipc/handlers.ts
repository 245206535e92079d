import type { Services } from '../app/services.js';
import { appHandlers } from './handlers/app.js';
import { dossierHandlers } from './handlers/dossier.js';
import { sessionHandlers } from './handlers/session.js';
import type { Handlers } from './router.js';

/** Composes the per-domain handler factories; the `Handlers` type makes a missing one a compile error. */
export function handlersCreate(services: Services): Handlers {
  return {
    ...appHandlers(services),
    ...sessionHandlers(services),
    ...dossierHandlers(services),
  };
}
