import { join } from 'node:path';
import { dongBoHoSoMcBuild, dvcqgItemFromDoc, type DvcqgHeld, type DvcqgItem } from '../../../shared/sync/dvcqg.js';
import type { Services } from '../../app/services.js';
import { reportPdf } from '../../services/report/reportPdf.js';
import { reportXlsx } from '../../services/report/reportXlsx.js';
import type { Handler } from '../router.js';
import { stampIssue, stampWithoutMs } from './stamp.js';

const safeName = (title: string): string => title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);

export function reportHandlers(services: Services): {
  'report:xlsx': Handler<'report:xlsx'>;
  'report:pdf': Handler<'report:pdf'>;
  'report:dvcqg': Handler<'report:dvcqg'>;
  'day:signOff': Handler<'day:signOff'>;
} {
  return {
    // The same mapping and catalogue check as the provincial server's connector (shared/sync/dvcqg.ts).
    'report:dvcqg': async ({ unitId, from, to, dossiers }) => {
      const { catalogues } = await services.rulePacks.all();
      const items: DvcqgItem[] = [];
      const held: DvcqgHeld[] = [];
      for (const d of dossiers) {
        const mapped = dvcqgItemFromDoc(d.id, d.doc, d.files, catalogues);
        if (mapped.ok) items.push(mapped.item);
        else held.push(mapped.held);
      }
      const bytes = Buffer.from(JSON.stringify(dongBoHoSoMcBuild(unitId, items), null, 2), 'utf8');
      return { fileName: `DongBoHoSoMC-${safeName(unitId)}-${from}-${to}.json`, dataBase64: bytes.toString('base64'), bytes: bytes.length, accepted: items.length, held };
    },
    'report:xlsx': async (report) => {
      const bytes = await reportXlsx(report);
      return { fileName: `${safeName(report.title)}.xlsx`, dataBase64: bytes.toString('base64'), bytes: bytes.length };
    },
    'report:pdf': async (report) => {
      const bytes = await reportPdf(report, join(services.config.resourcesDir, 'fonts'));
      return { fileName: `${safeName(report.title)}.pdf`, dataBase64: bytes.toString('base64'), bytes: bytes.length };
    },
    // The sign-off is a stamped fact (who, when, which figures); the router writes it to the audit chain.
    'day:signOff': async (_args, ctx) => stampWithoutMs(await stampIssue(services, ctx)),
  };
}
