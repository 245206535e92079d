import type { MainConfig } from '../config/config.js';
import { handlersCreate } from '../ipc/handlers.js';
import { routerCreate, type Router } from '../ipc/router.js';
import type { CallContext } from '../ipc/session.js';
import { servicesCreate, type ServiceOptions, type Services } from './services.js';

/** Services + router: what a transport (Electron IPC, the browser host, tests) needs. */
export interface Backend {
  services: Services;
  router: Router;
  invoke(name: unknown, args: unknown, origin: CallContext['origin']): ReturnType<Router['dispatch']>;
}

export function backendCreate(config: MainConfig, options: ServiceOptions = {}): Backend {
  const services = servicesCreate(config, options);
  const router = routerCreate(handlersCreate(services), {
    audit: async (entry) => {
      await services.audit.append(entry);
    },
    clockGuard: () => services.clockGuard.check(),
  });
  services.link.start(config.linkIntervalMs);
  return {
    services,
    router,
    invoke: (name, args, origin) => router.dispatch(name, args, { session: services.session.get(), origin }),
  };
}
