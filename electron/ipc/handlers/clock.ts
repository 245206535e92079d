import { AppError } from '../../../shared/contract/errors.js';
import type { Services } from '../../app/services.js';
import type { Handler } from '../router.js';

const overrideHours = 8;

export function clockHandlers(services: Services): { 'clock:status': Handler<'clock:status'>; 'clock:override': Handler<'clock:override'> } {
  return {
    'clock:status': () => services.clockGuard.status(),
    'clock:override': async ({ username, password, reason }) => {
      const supervisor = await services.users.verifyPassword(username, password);
      if (supervisor.role !== 'supervisor') throw new AppError('forbidden', 'Chỉ lãnh đạo (vai trò giám sát) được cho phép làm việc với đồng hồ sai');
      const state = await services.clock.state();
      const at = services.clock.pcNow() + (state.serverOffsetMs ?? 0);
      // Recorded in the clock state (shown to supervisors) and, through the router, in the audit chain.
      await services.clock.overrideRecord({
        userId: supervisor.userId,
        userName: supervisor.userName,
        reason,
        at: new Date(at).toISOString(),
        until: new Date(at + overrideHours * 3_600_000).toISOString(),
      });
      return services.clockGuard.status();
    },
  };
}
