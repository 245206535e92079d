import { resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { cliArgs, intOption, requireOption } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

// `motcua ocr`: scanned page images → one searchable PDF, the same pipeline as the
// `ocr:makePdf` command of the app (normalise, OCR with the shipped Vietnamese model, assemble).

export const command: CliCommand = {
  name: 'ocr',
  summary: 'Scanned page images → searchable PDF with a Vietnamese text layer',
  usage:
    'motcua ocr <image...> --out <file.pdf> [--lang vie] [--mode bilevel|gray] [--dpi N] [--dossier CODE] [--component CODE] [--skew profile|tesseract] [--keep-blank] [--workers N] [--json]',
  async run(argv, io) {
    const { values, positionals } = cliArgs(
      argv,
      {
        out: { type: 'string' },
        lang: { type: 'string' },
        mode: { type: 'string' },
        dpi: { type: 'string' },
        dossier: { type: 'string' },
        component: { type: 'string' },
        'keep-blank': { type: 'boolean' },
        skew: { type: 'string' },
        workers: { type: 'string' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length === 0) throw new CliError('give at least one page image');
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    const lang = values.lang ?? 'vie';
    const { isOcrLanguage } = await import('../../electron/services/ocr/tessdata.js');
    if (!isOcrLanguage(lang)) throw new CliError(`--lang ${lang} is not shipped (available: vie)`);
    const mode = values.mode ?? 'bilevel';
    if (mode !== 'bilevel' && mode !== 'gray') throw new CliError(`--mode must be bilevel or gray, got "${mode}"`);
    const skew = values.skew ?? 'profile';
    if (skew !== 'profile' && skew !== 'tesseract') throw new CliError(`--skew must be profile or tesseract, got "${skew}"`);
    const dpi = values.dpi === undefined ? undefined : intOption(values.dpi, 'dpi');
    if (dpi !== undefined && (dpi < 100 || dpi > 1200)) throw new CliError('--dpi must be between 100 and 1200');
    const workers = values.workers === undefined ? undefined : intOption(values.workers, 'workers');
    if (workers !== undefined && (workers < 1 || workers > 64)) throw new CliError('--workers must be between 1 and 64');

    const { ocrPoolCreate } = await import('../../electron/services/ocr/ocrPool.js');
    const { dossierPdfMake } = await import('../../electron/services/ocr/dossierPdf.js');
    const pool = ocrPoolCreate({
      lang,
      size: Math.min(workers ?? Number.POSITIVE_INFINITY, positionals.length, (await import('node:os')).availableParallelism()),
      ...(io.env.MOTCUA_TESSDATA ? { langPath: io.env.MOTCUA_TESSDATA } : {}),
    });
    try {
      const r = await dossierPdfMake(pool, {
        pages: positionals.map((p) => resolve(io.cwd, p)),
        outPath: out,
        dossierCode: values.dossier ?? 'CLI',
        componentCode: values.component ?? 'TP1',
        mode,
        lang,
        keepBlank: values['keep-blank'] ?? false,
        skew,
        device: 'motcua ocr',
        operator: io.env.USER ?? 'không rõ',
        ...(dpi !== undefined ? { dpi } : {}),
      });
      if (values.json) {
        io.out(
          JSON.stringify({
            pdfPath: r.pdfPath,
            sha256: r.sha256,
            bytes: r.bytes,
            pages: r.pageCount,
            textChars: r.textChars,
            ms: r.ms,
            pageResults: r.pages,
          }),
        );
      } else {
        const dropped = r.pages.filter((p) => p.dropped).length;
        io.out(`${r.pdfPath}: ${r.pageCount} trang${dropped ? ` (bỏ ${dropped} trang trắng)` : ''}, ${r.textChars} ký tự, ${r.bytes} byte, ${r.ms} ms, sha256 ${r.sha256}`);
      }
      return 0;
    } catch (err) {
      if (err instanceof AppError && (err.code === 'validation-failed' || err.code === 'not-found')) throw new CliError(err.message);
      throw err;
    } finally {
      await pool.close();
    }
  },
};
