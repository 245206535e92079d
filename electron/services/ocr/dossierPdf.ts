import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import { pageNormalise, type ColourMode, type NormalisedPage } from '../imaging/pageNormalise.js';
import type { ImagingPool } from '../imaging/imagingPool.js';
import type { OcrPool } from './ocrPool.js';
import { searchablePdfBuild, type PdfPageInput } from './searchablePdf.js';

// Scanned pages of one dossier component → one searchable PDF on disk. Pages run side by side:
// sharp spreads image work over libvips threads and the OCR pool bounds the Tesseract work.

export interface DossierPdfRequest {
  /** Image bytes, or file paths read here. */
  pages: (Uint8Array | string)[];
  outPath: string;
  dossierCode: string;
  componentCode: string;
  mode: ColourMode;
  dpi?: number;
  device?: string;
  operator?: string;
  lang?: string;
  /** Skew from projection profiles (default, ~50 ms) or from Tesseract's line finder (~0.5 s). */
  skew?: 'profile' | 'tesseract';
  /** Keep pages judged blank (default: drop them, as a duplex feeder scans empty backs). */
  keepBlank?: boolean;
  now?: () => Date;
}

export interface DossierPdfPage {
  index: number;
  dropped: boolean;
  blank: boolean;
  turn: number;
  skewDegrees: number;
  text: string;
  confidence: number;
  ms: { normalise: number; ocr: number };
}

export interface DossierPdfResult {
  pdfPath: string;
  sha256: string;
  bytes: number;
  pages: DossierPdfPage[];
  pageCount: number;
  textChars: number;
  ms: number;
}

export interface DossierPdfOptions {
  /** Worker threads for normalising and assembling; without it that work runs in this thread. */
  imaging?: ImagingPool;
  signal?: AbortSignal;
  /** Overall fraction 0–1 and the page it concerns. */
  onProgress?: (fraction: number, page: number, stage: 'normalise' | 'ocr' | 'assemble') => void;
}

async function bytesOf(page: Uint8Array | string, index: number): Promise<Uint8Array> {
  if (typeof page !== 'string') return page;
  try {
    return await readFile(page);
  } catch (err) {
    throw new AppError('not-found', `Không đọc được trang ${index + 1}: ${page}`, {
      path: page,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
}

export async function dossierPdfMake(pool: OcrPool, req: DossierPdfRequest, opts: DossierPdfOptions = {}): Promise<DossierPdfResult> {
  if (req.pages.length === 0) throw new AppError('validation-failed', 'Chưa có trang nào để số hóa', { field: 'pages' });
  const t0 = performance.now();
  const n = req.pages.length;
  const progress = new Float64Array(n);
  const report = (i: number, value: number, stage: 'normalise' | 'ocr'): void => {
    progress[i] = value;
    let sum = 0;
    for (const v of progress) sum += v;
    opts.onProgress?.((0.95 * sum) / n, i, stage);
  };
  const jobOpts = (i: number, from: number, span: number) => ({
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (f: number) => report(i, from + span * f, 'ocr'),
  });

  const signalOpt = opts.signal ? { signal: opts.signal } : {};
  const work = req.pages.map(async (src, i) => {
    const bytes = await bytesOf(src, i);
    if (opts.signal?.aborted) throw new AppError('ocr-cancelled', 'Đã hủy nhận dạng chữ', { page: i });
    const tn = performance.now();
    const base = { mode: req.mode, ...(req.dpi !== undefined ? { dpi: req.dpi } : {}) };
    const signalOpt = opts.signal ? { signal: opts.signal } : {};
    const skewByTesseract = {
      skewMeasure: async (png: Buffer, dpi: number) =>
        (await pool.skew({ id: `${req.componentCode}#${i}:skew`, image: png, dpi }, jobOpts(i, 0, 0.1))).radians,
    };
    const norm: NormalisedPage =
      req.skew === 'tesseract'
        ? await pageNormalise(bytes, { ...base, ...skewByTesseract })
        : opts.imaging
          ? await opts.imaging.normalise(bytes, base, signalOpt)
          : await pageNormalise(bytes, base);
    const normaliseMs = performance.now() - tn;
    report(i, 0.2, 'normalise');
    const dropped = norm.blank && !req.keepBlank;
    let text = '';
    let confidence = 0;
    let textLayer: Uint8Array | null = null;
    const to = performance.now();
    if (!dropped) {
      const r = await pool.recognize(
        { id: `${req.componentCode}#${i}`, image: norm.ocrImage, dpi: norm.dpi, pdf: true, title: req.componentCode },
        jobOpts(i, 0.2, 0.8),
      );
      text = r.text;
      confidence = r.confidence;
      textLayer = r.pdf;
    }
    report(i, 1, 'ocr');
    const page: DossierPdfPage = {
      index: i,
      dropped,
      blank: norm.blank,
      turn: norm.turn,
      skewDegrees: Math.round(norm.skewDegrees * 100) / 100,
      text,
      confidence,
      ms: { normalise: Math.round(normaliseMs), ocr: Math.round(performance.now() - to) },
    };
    const input: PdfPageInput = { width: norm.width, height: norm.height, dpi: norm.dpi, encoding: norm.encoding, textLayer, sha256: norm.sha256 };
    return { page, input };
  });
  // Settle all pages before failing so that no OCR job keeps running after we answer.
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const done = settled.map((s) => (s as PromiseFulfilledResult<Awaited<(typeof work)[number]>>).value);
  const kept = done.filter((d) => !d.page.dropped);
  if (kept.length === 0) throw new AppError('validation-failed', 'Tất cả các trang đều trắng', { field: 'pages', pages: n });

  opts.onProgress?.(0.96, n - 1, 'assemble');
  const meta = {
    dossierCode: req.dossierCode,
    componentCode: req.componentCode,
    device: req.device ?? 'không rõ',
    operator: req.operator ?? 'không rõ',
    createdAt: (req.now ?? (() => new Date()))(),
    lang: req.lang ?? 'vie',
  };
  const inputs = kept.map((d) => d.input);
  const pdf = opts.imaging ? await opts.imaging.assemble(inputs, meta, signalOpt) : await searchablePdfBuild(inputs, meta);
  await mkdir(dirname(req.outPath), { recursive: true });
  // Written beside the target then renamed, so a reader never sees half a PDF.
  const tmp = `${req.outPath}.${process.pid}.part`;
  await writeFile(tmp, pdf);
  await rename(tmp, req.outPath);
  opts.onProgress?.(1, n - 1, 'assemble');
  const pages = done.map((d) => d.page);
  return {
    pdfPath: req.outPath,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    bytes: pdf.byteLength,
    pages,
    pageCount: kept.length,
    textChars: pages.reduce((s, p) => s + p.text.trim().length, 0),
    ms: Math.round(performance.now() - t0),
  };
}
