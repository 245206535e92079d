import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../../shared/contract/errors.js';
import { g4Encode } from './g4.js';
import { orientationDetect, type Turn } from './orientation.js';
import {
  bitsPack,
  darkBorders,
  histogram,
  inkRatio,
  levelsStretch,
  otsuThreshold,
  pgmEncode,
  rasterCrop,
  type GreyRaster,
} from './raster.js';
import { skewEstimate } from './skew.js';

// One scanned page → a normalised page ready for OCR and for the PDF: upright, straight,
// cropped to the paper, levels stretched, then either a grey JPEG or a 1-bit bitmap.
// Geometry and encoding run in libvips threads (sharp) and zlib's thread pool; the loops in
// raster.ts and orientation.ts are linear scans of a few tens of milliseconds.

const deflateAsync = promisify(deflate);

export type ColourMode = 'gray' | 'bilevel';

export type PageEncoding =
  | { kind: 'jpeg'; bytes: Uint8Array }
  /** 1-bit DeviceGray rows, MSB first, 1 = white, Flate-compressed: a PDF image stream as is. */
  | { kind: 'bits-flate'; bytes: Uint8Array }
  /** One CCITT Group 4 strip of the whole page (/K -1, /BlackIs1 true, see g4.ts). */
  | { kind: 'ccitt-g4'; bytes: Uint8Array };

export interface NormalisedPage {
  width: number;
  height: number;
  dpi: number;
  turn: Turn;
  skewDegrees: number;
  blank: boolean;
  encoding: PageEncoding;
  /** Lossless grey PGM of the same geometry, for OCR (the text layer aligns with the image). */
  ocrImage: Uint8Array;
  sha256: string;
  ms: Record<'orient' | 'deskew' | 'clean' | 'encode', number>;
}

export interface PageNormaliseOptions {
  mode: ColourMode;
  /** Used when the file carries no plausible resolution. */
  dpi?: number;
  /** Text-line slope in radians measured by Tesseract on a small PNG (OcrPool.skew); default: skew.ts. */
  skewMeasure?: (png: Buffer, dpi: number) => Promise<number>;
  jpegQuality?: number;
  /** Bilevel compression: CCITT G4 (default, smallest) or 1-bit Flate. */
  bilevel?: 'g4' | 'flate';
}

async function rawOf(img: Sharp): Promise<GreyRaster> {
  const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new AppError('internal', `expected 1 channel, got ${info.channels}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

function sharpOf(r: GreyRaster): Sharp {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } });
}

async function analysisCopy(r: GreyRaster, dpi: number, target: number): Promise<GreyRaster> {
  const width = Math.max(64, Math.round((r.width * target) / dpi));
  return levelsStretch(await rawOf(sharpOf(r).resize({ width }).median(3)));
}

export async function pageNormalise(input: Uint8Array, opts: PageNormaliseOptions): Promise<NormalisedPage> {
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (err) {
    throw new AppError('validation-failed', 'Tệp không phải ảnh quét đọc được', {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  // PNGs made by many tools say 72 dpi; no document scan is taken that coarse.
  const dpi = opts.dpi ?? (meta.density !== undefined && meta.density >= 100 ? meta.density : 300);
  const t0 = performance.now();
  let page = await rawOf(sharp(input).rotate());

  // One 150 dpi copy, without its dark borders, serves orientation, skew and the blank test.
  let small = await analysisCopy(page, dpi, 150);
  small = rasterCrop(small, darkBorders(small));
  const { turn } = orientationDetect(small);
  if (turn !== 0) {
    page = await rawOf(sharpOf(page).rotate(turn));
    small = await rawOf(sharpOf(small).rotate(turn));
  }
  // A blank side of a duplex scan: almost no ink once specks are filtered by the median.
  const blank = inkRatio(small, 128) < 0.0015;
  const t1 = performance.now();

  let skewDegrees = 0;
  if (!blank) {
    if (opts.skewMeasure) {
      const forSkew = await sharpOf(await analysisCopy(page, dpi, 100)).png({ compressionLevel: 1 }).toBuffer();
      skewDegrees = ((await opts.skewMeasure(forSkew, 100)) * 180) / Math.PI;
    } else {
      skewDegrees = skewEstimate(small);
    }
  }
  if (Math.abs(skewDegrees) >= 0.15 && Math.abs(skewDegrees) <= 20) {
    // sharp turns clockwise for a positive angle and grows the canvas; the centre is cut back
    // to the page size so the paper keeps its dimensions.
    const rotated = await rawOf(sharpOf(page).rotate(skewDegrees, { background: { r: 255, g: 255, b: 255 } }));
    const left = Math.floor((rotated.width - page.width) / 2);
    const top = Math.floor((rotated.height - page.height) / 2);
    page = await rawOf(sharpOf(rotated).extract({ left, top, width: page.width, height: page.height }));
  } else {
    skewDegrees = 0;
  }
  const t2 = performance.now();

  page = rasterCrop(page, darkBorders(page));
  const clean = levelsStretch(page);
  const ocrImage = pgmEncode(clean);
  const t3 = performance.now();

  let encoding: PageEncoding;
  if (opts.mode === 'gray') {
    const jpeg = await sharpOf(clean)
      // No ICC profile or metadata: either would turn the page into a three-channel JPEG.
      .toColourspace('b-w')
      .jpeg({ quality: opts.jpegQuality ?? 70, mozjpeg: true })
      .toBuffer();
    encoding = { kind: 'jpeg', bytes: new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength) };
  } else {
    const cut = Math.max(96, Math.min(200, otsuThreshold(histogram(clean))));
    const g4 = opts.bilevel === 'flate' ? null : await g4Encode(clean, cut);
    if (g4) {
      encoding = { kind: 'ccitt-g4', bytes: g4 };
    } else {
      const packed = await deflateAsync(bitsPack(clean, cut), { level: 9 });
      encoding = { kind: 'bits-flate', bytes: new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) };
    }
  }
  const t4 = performance.now();
  return {
    width: clean.width,
    height: clean.height,
    dpi,
    turn,
    skewDegrees,
    blank,
    encoding,
    ocrImage,
    sha256: createHash('sha256').update(encoding.bytes).digest('hex'),
    ms: { orient: t1 - t0, deskew: t2 - t1, clean: t3 - t2, encode: t4 - t3 },
  };
}
