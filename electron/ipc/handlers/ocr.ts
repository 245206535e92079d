import { randomUUID } from 'node:crypto';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import type { ocrEvents, ocrMakePdfArgsSchema, ocrMakePdfResultSchema } from '../../../shared/contract/ocr.js';
import type { ImagingPool } from '../../services/imaging/imagingPool.js';
import { dossierPdfMake } from '../../services/ocr/dossierPdf.js';
import type { OcrPool } from '../../services/ocr/ocrPool.js';
import type { CallContext } from '../session.js';

// Handlers of the OCR contract. Typed from shared/contract/ocr.ts directly so that they
// type-check before the lead composes ocrCommands into commands.ts; the shapes are exactly
// `Handler<'ocr:makePdf'>` and `Handler<'ocr:cancel'>` once composed.

type MakePdfArgs = z.output<typeof ocrMakePdfArgsSchema>;
type MakePdfResult = z.output<typeof ocrMakePdfResultSchema>;
type ProgressPayload = z.output<(typeof ocrEvents)['ocr:progress']['payload']>;

export interface OcrHandlerDeps {
  pool: OcrPool;
  /** Worker threads for image work and PDF assembly (keeps the main process's event loop free). */
  imaging?: ImagingPool;
  /** Folder of the digitised files; the PDF goes to <dir>/<dossier>/<component>.pdf. */
  outputDir: string;
  /** Resolves a blob id of the local blob store to a file path (absolute paths pass as they are). */
  pageResolve?: (ref: string) => Promise<string>;
  emit: (name: 'ocr:progress', payload: ProgressPayload) => void;
  /** Scanner name recorded in the PDF when the caller does not say. */
  device?: string;
  /** When set, absolute page paths must lie in one of these folders (the scan page folder): the renderer cannot make the main process read other files. */
  allowedDirs?: string[];
}

export function ocrHandlers(deps: OcrHandlerDeps): {
  'ocr:makePdf': (args: MakePdfArgs, ctx: CallContext) => Promise<MakePdfResult>;
  'ocr:cancel': (args: { jobId: string }, ctx: CallContext) => Promise<{ cancelled: boolean }>;
} {
  const running = new Map<string, AbortController>();

  async function pathOf(ref: string): Promise<string> {
    if (isAbsolute(ref)) {
      const inside = (dir: string): boolean => relative(dir, ref) !== '' && !relative(dir, ref).startsWith('..') && !isAbsolute(relative(dir, ref));
      if (deps.allowedDirs && !deps.allowedDirs.some(inside)) throw new AppError('forbidden', `Trang "${ref}" không nằm trong thư mục ảnh quét`, { ref });
      return ref;
    }
    if (!deps.pageResolve) throw new AppError('not-found', `Không tìm thấy trang "${ref}"`, { ref });
    return deps.pageResolve(ref);
  }

  return {
    'ocr:makePdf': async (args, ctx) => {
      const jobId = args.jobId ?? randomUUID();
      if (running.has(jobId)) throw new AppError('conflict', `Công việc ${jobId} đang chạy`, { jobId });
      const abort = new AbortController();
      running.set(jobId, abort);
      try {
        const pages = await Promise.all(args.pages.map(pathOf));
        let last = -1;
        const r = await dossierPdfMake(
          deps.pool,
          {
            pages,
            outPath: join(deps.outputDir, args.dossierCode, `${args.componentCode}.pdf`),
            dossierCode: args.dossierCode,
            componentCode: args.componentCode,
            mode: args.mode,
            keepBlank: args.keepBlank,
            ...(args.dpi !== undefined ? { dpi: args.dpi } : {}),
            device: args.device ?? deps.device ?? 'không rõ',
            operator: ctx.session?.userName ?? 'không rõ',
          },
          {
            signal: abort.signal,
            ...(deps.imaging ? { imaging: deps.imaging } : {}),
            onProgress: (fraction, page, stage) => {
              // At most one event per percent: the renderer only draws a bar.
              const pct = Math.floor(fraction * 100);
              if (pct === last && fraction < 1) return;
              last = pct;
              deps.emit('ocr:progress', { jobId, fraction: Math.min(1, fraction), page, stage });
            },
          },
        );
        return {
          jobId,
          pdfPath: r.pdfPath,
          sha256: r.sha256,
          bytes: r.bytes,
          pages: r.pageCount,
          droppedBlank: r.pages.filter((p) => p.dropped).length,
          textChars: r.textChars,
          pageSummaries: r.pages.map((p) => ({
            index: p.index,
            dropped: p.dropped,
            turn: p.turn,
            skewDegrees: p.skewDegrees,
            confidence: p.confidence,
            textChars: p.text.trim().length,
          })),
        };
      } finally {
        running.delete(jobId);
      }
    },
    'ocr:cancel': async ({ jobId }) => {
      const abort = running.get(jobId);
      abort?.abort();
      return { cancelled: abort !== undefined };
    },
  };
}
