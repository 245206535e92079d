import type { Services } from '../app/services.js';
import { appHandlers } from './handlers/app.js';
import { clockHandlers } from './handlers/clock.js';
import { dossierHandlers } from './handlers/dossier.js';
import { filesHandlers } from './handlers/files.js';
import { join } from 'node:path';
import type { PayloadOf } from '../../shared/contract/commands.js';
import { formsHandlers } from './handlers/forms.js';
import { printerHandlers } from './handlers/printer.js';
import { reportHandlers } from './handlers/report.js';
import { backupHandlers } from './handlers/backup.js';
import { workstationHandlers } from './handlers/workstations.js';
import { bundleHandlers } from './handlers/bundle.js';
import { auditLogOpen } from '../services/audit/auditLog.js';
import { bundleKeysCreate } from '../services/bundle/bundleKeys.js';
import { bundleServiceCreate } from '../services/bundle/bundleService.js';
import { AppError } from '../../shared/contract/errors.js';
import { readFileSync } from 'node:fs';
import { scanHandlers } from './handlers/scan.js';
import { ocrHandlers, type OcrHandlerDeps } from './handlers/ocr.js';
import { signingHandlers } from './handlers/signing.js';
import { sessionHandlers } from './handlers/session.js';
import { syncHandlers } from './handlers/sync.js';
import type { Handlers } from './router.js';

/** The searchable PDF also goes into the content-addressed store, where dossier files live and sync from. */
function ocrWithBlobs(services: Services, deps: OcrHandlerDeps): ReturnType<typeof ocrHandlers> {
  const handlers = ocrHandlers(deps);
  return {
    ...handlers,
    'ocr:makePdf': async (args, ctx) => {
      const result = await handlers['ocr:makePdf'](args, ctx);
      await services.blobs.put(readFileSync(result.pdfPath));
      return result;
    },
  };
}

/** Bundle keys belong to the workstation id, known only after setup: built per call. */
function bundleLazy(services: Services): ReturnType<typeof bundleHandlers> {
  const deps = async () => {
    const settings = await services.settings.get();
    if (!settings) throw new AppError('not-configured', 'Máy trạm chưa được thiết lập');
    const keys = bundleKeysCreate(services.config.dataDir, settings.workstationId, services.sealer);
    return bundleHandlers({ keys, service: bundleServiceCreate({ dataDir: services.config.dataDir, blobs: services.blobs, keys, nowIso: () => new Date().toISOString() }) });
  };
  const names = Object.keys(bundleHandlers({} as Parameters<typeof bundleHandlers>[0])) as (keyof ReturnType<typeof bundleHandlers>)[];
  return Object.fromEntries(names.map((name) => [name, async (args: never, ctx: never) => (await deps())[name](args, ctx)])) as ReturnType<typeof bundleHandlers>;
}

/** Composes the per-domain handler factories; the `Handlers` type makes a missing one a compile error. */
export function handlersCreate(services: Services): Handlers {
  return {
    ...appHandlers(services),
    ...sessionHandlers(services),
    ...dossierHandlers(services),
    ...clockHandlers(services),
    ...reportHandlers(services),
    ...backupHandlers({
      service: services.backup,
      settings: services.backupSettings,
      emit: (name, payload) => services.bus.emit(name, payload),
      // Opened afresh: after a restore the log is another file and a cached tail would break the chain.
      audit: (entry) => auditLogOpen(join(services.config.dataDir, 'audit.log')).append(entry),
    }),
    ...bundleLazy(services),
    ...filesHandlers(services),
    // Every printed form is kept by hash with the dossier's files.
    ...formsHandlers({ keep: async (bytes) => void (await services.blobs.put(bytes)) }),
    ...printerHandlers({
      service: services.printer,
      receiptOptions: async () => {
        const settings = await services.settings.get();
        return settings ? { unitName: settings.unitName } : {};
      },
      emit: (name, payload) => services.bus.emit(name, payload),
    }),
    ...scanHandlers({
      registry: services.scanners,
      emit: <E extends 'scan:progress' | 'scan:changed'>(name: E, payload: PayloadOf<E>) => services.bus.emit(name, payload),
      pagesDir: join(services.config.dataDir, 'scans'),
    }),
    ...ocrWithBlobs(services, {
      pool: services.ocr,
      allowedDirs: [join(services.config.dataDir, 'scans')],
      imaging: services.imaging,
      outputDir: join(services.config.dataDir, 'digitised'),
      pageResolve: async (ref) => (/^[0-9a-f]{64}$/.test(ref) ? services.blobs.pathOf(ref) : ref),
      emit: (name, payload) => services.bus.emit(name, payload),
    }),
    ...signingHandlers({
      queueFolder: join(services.config.dataDir, 'signing', 'timestamp-queue'),
      tsa: () => (services.config.tsaUrl ? { url: services.config.tsaUrl } : null),
      trustRootsPem: () => (services.config.trustRootsFile ? readFileSync(services.config.trustRootsFile, 'utf8') : ''),
      unitName: () => undefined,
      online: () => services.link.status().online,
      emitProgress: (payload) => services.bus.emit('sign:progress', payload),
      audit: async (entry) => void (await services.audit.append(entry)),
    }),
    ...workstationHandlers(services),
    // Last: its session:signIn wraps the offline one with the online login and directory pull.
    ...syncHandlers(services),
  };
}
