import type { MainConfig } from '../config/config.js';
import { handlersCreate } from '../ipc/handlers.js';
import { routerCreate, type Router } from '../ipc/router.js';
import type { CallContext, Session } from '../ipc/session.js';
import { servicesCreate, type Services } from './services.js';

/** Services + router + the signed-in session of this workstation: what a transport needs. */
export interface Backend {
  services: Services;
  router: Router;
  invoke(name: unknown, args: unknown, origin: CallContext['origin']): ReturnType<Router['dispatch']>;
  session(): Session | null;
  sessionSet(session: Session | null): void;
}

export function backendCreate(config: MainConfig): Backend {
  const services = servicesCreate(config);
  const router = routerCreate(handlersCreate(services), {
    audit: async (entry) => {
      await services.audit.append(entry);
    },
  });
  let current: Session | null = null;
  return {
    services,
    router,
    invoke: (name, args, origin) => router.dispatch(name, args, { session: current, origin }),
    session: () => current,
    sessionSet: (session) => {
      current = session;
    },
  };
}
