import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { AppError, errorBodyOf } from '../../../shared/contract/errors.js';
import type { scanCapabilitiesSchema, scanCommands, scanEvents, ScanPageFile, scanStartArgsSchema } from '../../../shared/contract/scan.js';
import { pageFileName, pageSave } from '../../../scanner-drivers/pageFiles.js';
import type { ScannerRegistry } from '../../../scanner-drivers/registry.js';
import type { CallContext } from '../session.js';

// Handlers of the scan contract. Typed from shared/contract/scan.ts directly so that they
// type-check before the lead composes scanCommands into commands.ts. A job runs in the
// background after scan:start answers with its id; its pages are files under
// <pagesDir>/<jobId>/ and travel to the renderer as paths in scan:progress events.

type Out<T extends z.ZodType> = z.output<T>;
type ProgressPayload = Out<(typeof scanEvents)['scan:progress']['payload']>;
type ChangedPayload = Out<(typeof scanEvents)['scan:changed']['payload']>;

export interface ScanHandlerDeps {
  registry: Pick<ScannerRegistry, 'devices' | 'capabilities' | 'scan' | 'driverFor'>;
  emit: {
    (name: 'scan:progress', payload: ProgressPayload): void;
    (name: 'scan:changed', payload: ChangedPayload): void;
  };
  /** Folder for page files; each job gets a sub-folder named by its id. */
  pagesDir: string;
}

type Cmd = typeof scanCommands;
type H<K extends keyof Cmd> = (args: Out<Cmd[K]['args']>, ctx: CallContext) => Promise<Out<Cmd[K]['result']>>;

export interface ScanHandlers {
  'scan:devices': H<'scan:devices'>;
  'scan:capabilities': H<'scan:capabilities'>;
  'scan:start': H<'scan:start'>;
  'scan:cancel': H<'scan:cancel'>;
}

export function scanHandlers(deps: ScanHandlerDeps): ScanHandlers {
  const running = new Map<string, AbortController>();

  const run = async (jobId: string, args: Out<typeof scanStartArgsSchema>, controller: AbortController): Promise<void> => {
    const dir = join(deps.pagesDir, jobId);
    const pages: ScanPageFile[] = [];
    const base = { jobId, deviceId: args.deviceId };
    try {
      const job = deps.registry.scan(
        args.deviceId,
        { source: args.source, dpi: args.dpi, colorMode: args.colorMode, outDir: dir, ...(args.pages ? { pages: args.pages } : {}) },
        {
          signal: controller.signal,
          onProgress: (p) => deps.emit('scan:progress', { jobId, page: p.page, fraction: p.fraction, pagesDone: p.pagesDone }),
        },
      );
      for await (const page of job) {
        const path = page.path ?? (await pageSave(page, dir, pageFileName(page.index, page.mime)));
        const file: ScanPageFile = { index: page.index, path, mime: page.mime, width: page.width, height: page.height, dpi: page.dpi, bytes: (await stat(path)).size };
        pages.push(file);
        deps.emit('scan:progress', { jobId, page: page.index, fraction: 1, pagesDone: pages.length, pageFile: file });
      }
      deps.emit('scan:changed', { ...base, state: 'done', pages });
    } catch (err) {
      const body = errorBodyOf(err);
      const state = body.code === 'scan-cancelled' ? 'cancelled' : 'failed';
      deps.emit('scan:changed', { ...base, state, pages, error: { code: body.code, message: body.message } });
    } finally {
      running.delete(jobId);
    }
  };

  return {
    'scan:devices': async () => deps.registry.devices(),
    'scan:capabilities': async (args): Promise<Out<typeof scanCapabilitiesSchema>> => deps.registry.capabilities(args.deviceId),
    'scan:start': async (args) => {
      deps.registry.driverFor(args.deviceId); // unknown driver: scanner-offline now, not as an event
      const jobId = args.jobId ?? randomUUID();
      if (running.has(jobId)) throw new AppError('conflict', `Lượt quét ${jobId} đang chạy`, { jobId });
      const controller = new AbortController();
      running.set(jobId, controller);
      void run(jobId, args, controller);
      return { jobId };
    },
    'scan:cancel': async (args) => {
      const controller = running.get(args.jobId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
  };
}
