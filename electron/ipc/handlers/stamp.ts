import { randomUUID } from 'node:crypto';
import type { Stamp } from '../../../shared/contract/dossier.js';
import { AppError } from '../../../shared/contract/errors.js';
import type { Services } from '../../app/services.js';
import type { CallContext } from '../session.js';

/**
 * Who, where and when for a recorded fact (a dossier event, a day's sign-off): the signed-in
 * person, this workstation, and the guarded clock's next reading. `ms` is for callers that compute with it.
 */
export async function stampIssue(services: Services, ctx: CallContext): Promise<Stamp & { ms: number }> {
  if (!ctx.session) throw new AppError('unauthenticated', 'Cần đăng nhập');
  const settings = await services.settings.get();
  if (!settings) throw new AppError('not-configured', 'Máy trạm chưa được thiết lập');
  const reading = await services.clock.issue();
  return {
    ms: reading.ms,
    eventId: randomUUID(),
    at: reading.at,
    actor: { userId: ctx.session.userId, userName: ctx.session.userName, workstationId: settings.workstationId },
    clock: { local: reading.local, timeZone: reading.timeZone, serverOffsetMs: reading.serverOffsetMs },
  };
}

export const stampWithoutMs = ({ ms: _ms, ...stamp }: Stamp & { ms: number }): Stamp => stamp;
