import type { Services } from '../../app/services.js';
import type { Handler } from '../router.js';

export function appHandlers(services: Services): {
  'app:status': Handler<'app:status'>;
  'setup:save': Handler<'setup:save'>;
  'link:status': Handler<'link:status'>;
  'link:check': Handler<'link:check'>;
} {
  return {
    'app:status': async () => {
      const settings = await services.settings.get();
      return {
        version: services.config.version,
        host: services.config.host,
        configured: settings !== null,
        hasUsers: (await services.users.list()).length > 0,
        settings,
        now: new Date().toISOString(),
      };
    },
    'setup:save': async (args) => {
      const stored = await services.settings.save(args);
      services.bus.emit('settings:changed', stored);
      void services.link.check();
      return stored;
    },
    'link:status': () => services.link.status(),
    'link:check': () => services.link.check(),
  };
}
