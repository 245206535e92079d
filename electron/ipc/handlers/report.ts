import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { Services } from '../../app/services.js';
import { reportPdf } from '../../services/report/reportPdf.js';
import { reportXlsx } from '../../services/report/reportXlsx.js';
import type { Handler } from '../router.js';

const safeName = (title: string): string => title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);

export function reportHandlers(services: Services): { 'report:xlsx': Handler<'report:xlsx'>; 'report:pdf': Handler<'report:pdf'>; 'day:signOff': Handler<'day:signOff'> } {
  return {
    'report:xlsx': async (report) => {
      const bytes = await reportXlsx(report);
      return { fileName: `${safeName(report.title)}.xlsx`, dataBase64: bytes.toString('base64'), bytes: bytes.length };
    },
    'report:pdf': async (report) => {
      const bytes = await reportPdf(report, join(services.config.resourcesDir, 'fonts'));
      return { fileName: `${safeName(report.title)}.pdf`, dataBase64: bytes.toString('base64'), bytes: bytes.length };
    },
    // The sign-off is a stamped fact (who, when, which figures); the router writes it to the audit chain.
    'day:signOff': async (_args, ctx) => {
      if (!ctx.session) throw new AppError('unauthenticated', 'Cần đăng nhập');
      const settings = await services.settings.get();
      if (!settings) throw new AppError('not-configured', 'Máy trạm chưa được thiết lập');
      const reading = await services.clock.issue();
      return {
        eventId: randomUUID(),
        at: reading.at,
        actor: { userId: ctx.session.userId, userName: ctx.session.userName, workstationId: settings.workstationId },
        clock: { local: reading.local, timeZone: reading.timeZone, serverOffsetMs: reading.serverOffsetMs },
      };
    },
  };
}
