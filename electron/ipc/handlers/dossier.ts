import { actionEventTypes, type ActionCommand } from '../../../shared/contract/dossier.js';
import { AppError } from '../../../shared/contract/errors.js';
import { dueDateCompute } from '../../../shared/domain/deadline/dueDate.js';
import { procedureCheck } from '../../../shared/domain/rulepacks/procedureCheck.js';
import { isoFromDay, vnIsoFormat, vnWall } from '../../../shared/domain/time/vnTime.js';
import type { Services } from '../../app/services.js';
import type { Handler } from '../router.js';
import type { CallContext } from '../session.js';
import { stampIssue, stampWithoutMs } from './stamp.js';

type DossierHandlers = { [K in ActionCommand | 'dossier:receive' | 'catalogue:current' | 'blocks:set']: Handler<K> };

export function dossierHandlers(services: Services): DossierHandlers {
  const stamp = (ctx: CallContext) => stampIssue(services, ctx);
  const withoutMs = stampWithoutMs;

  const actions = Object.fromEntries(
    (Object.keys(actionEventTypes) as ActionCommand[]).map((name) => [name, async (_args: unknown, ctx: CallContext) => withoutMs(await stamp(ctx))]),
  ) as { [K in ActionCommand]: Handler<K> };

  return {
    ...actions,
    'catalogue:current': async () => {
      const state = await services.clock.state();
      const date = isoFromDay(vnWall(services.clock.pcNow() + (state.serverOffsetMs ?? 0)).day);
      const rules = await services.rulePacks.inForce(date);
      return {
        date,
        versions: rules.versions,
        sample: rules.catalogue.sample,
        procedures: rules.catalogue.procedures.filter((p) => p.validFrom <= date && (p.validTo === null || date < p.validTo)),
        calendar: rules.calendarPack,
        statusMapping: rules.statusMapping,
      };
    },
    'dossier:receive': async (args, ctx) => {
      const s = await stamp(ctx);
      const date = isoFromDay(vnWall(s.ms).day);
      const rules = await services.rulePacks.inForce(date);
      let override = null;
      if (args.override) {
        const supervisor = await services.users.verifyPassword(args.override.username, args.override.password);
        override = { userId: supervisor.userId, role: supervisor.role, reason: args.override.reason };
      }
      const check = procedureCheck(args.procedureCode, rules.catalogue, date, override);
      if (!check.ok) throw new AppError('procedure-unknown', check.message, check.details);
      const procedure = check.procedure;
      const duration = procedure?.duration ?? { value: 0, unit: 'working-days' as const };
      const dueMs = dueDateCompute(
        { receivedAt: s.ms, duration, sameDay: procedure?.sameDay ?? false, cutoff: procedure?.cutoffTime ?? null },
        rules.calendar,
      );
      const code = await services.codes.next(s.ms);
      return {
        stamp: withoutMs(s),
        code,
        dueAt: vnIsoFormat(dueMs),
        procedure: { code: procedure?.nationalCode ?? procedure?.localCode ?? args.procedureCode, name: procedure?.name ?? args.procedureCode, duration },
        rulePackVersions: rules.versions,
        override: check.overridden ? { userId: check.override.userId, reason: check.override.reason } : null,
      };
    },
    'blocks:set': async (args) => {
      const settings = await services.settings.get();
      if (!settings) throw new AppError('not-configured', 'Máy trạm chưa được thiết lập');
      await services.codes.blockSet({ id: `local-${settings.workstationId}-${args.from}`, agencyCode: settings.agencyCode, workstationId: settings.workstationId, from: args.from, to: args.to });
      return { from: args.from, to: args.to, agencyCode: settings.agencyCode };
    },
  };
}
