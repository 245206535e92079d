import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { workstationReportSchema } from '../../../shared/contract/workstations.js';
import type { Services } from '../../app/services.js';
import { workstationEnrolEnsure } from '../../services/sync/workstationEnrol.js';
import type { Handler } from '../router.js';
import { syncServiceFor } from './sync.js';

// Workstation reports (shared/contract/workstations.ts) through the sync client's server session.
// The server being away is an answer here ("not reported", "not reachable"), not an error: the
// counter reports again after its next sync, the supervisor sees what is known.

const away = new Set(['server-offline', 'not-configured', 'unauthenticated', 'server-cert-untrusted']);
const reportsAnswer = z.object({ now: z.string(), reports: z.array(workstationReportSchema) });

function unreachable(err: unknown): boolean {
  return err instanceof AppError && (away.has(err.code) || err.details?.reason === 'outdated-client');
}

export function workstationHandlers(services: Services): {
  'workstations:report': Handler<'workstations:report'>;
  'workstations:list': Handler<'workstations:list'>;
} {
  const sync = syncServiceFor(services);
  return {
    'workstations:report': async ({ pending }) => {
      const settings = await services.settings.get();
      if (!settings?.serverUrl) return { reported: false };
      try {
        const c = await services.clockGuard.status();
        const clock = {
          trusted: c.trusted,
          offsetMs: c.offsetMs === null ? null : Math.round(c.offsetMs),
          measuredAt: c.measuredAt,
          override: c.override ? { userName: c.override.userName, reason: c.override.reason, at: c.override.at, until: c.override.until } : null,
        };
        const body = { workstationId: settings.workstationId, workstationName: settings.workstationName, unitCode: settings.agencyCode, pending, clock };
        await sync.client.json('POST', '/api/workstations/report', body);
        void workstationEnrolEnsure({ client: sync.client, dataDir: services.config.dataDir, sealer: services.sealer, settings }).catch(() => undefined);
        return { reported: true };
      } catch (err) {
        if (unreachable(err)) return { reported: false };
        throw err;
      }
    },
    'workstations:list': async () => {
      try {
        const answer = reportsAnswer.parse(await sync.client.json('GET', '/api/workstations/reports'));
        return { reachable: true, serverNow: answer.now, reports: answer.reports };
      } catch (err) {
        if (unreachable(err)) return { reachable: false, serverNow: null, reports: [] };
        throw err;
      }
    },
  };
}
