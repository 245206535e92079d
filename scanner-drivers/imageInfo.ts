import type { PageMime } from './types.js';

// Reads the type, pixel size and resolution of a page file from its own header, so every driver
// reports width/height/dpi the same way whatever produced the file.

export interface ImageInfo {
  mime: PageMime;
  width: number;
  height: number;
  /** Resolution stored in the file, if any. */
  dpi: number | undefined;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) + b[at + 1]!;
}

export function mimeSniff(b: Uint8Array): PageMime | undefined {
  if (b.length >= 8 && pngSignature.every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 5 && String.fromCharCode(...b.subarray(0, 5)) === '%PDF-') return 'application/pdf';
  return undefined;
}

function pngInfo(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return undefined;
  const info: ImageInfo = { mime: 'image/png', width: u32(b, 16), height: u32(b, 20), dpi: undefined };
  // pHYs holds pixels per metre when its unit byte is 1.
  let at = 8;
  while (at + 8 <= b.length) {
    const len = u32(b, at);
    const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
    if (type === 'pHYs' && at + 17 <= b.length && b[at + 16] === 1) {
      info.dpi = Math.round(u32(b, at + 8) * 0.0254);
    }
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + len;
  }
  return info;
}

function exifDpi(t: Uint8Array): number | undefined {
  if (t.length < 8) return undefined;
  const le = t[0] === 0x49;
  const r16 = (o: number): number => (le ? t[o]! + (t[o + 1]! << 8) : (t[o]! << 8) + t[o + 1]!);
  const r32 = (o: number): number => (le ? (r16(o + 2) << 16) + r16(o) : (r16(o) << 16) + r16(o + 2)) >>> 0;
  const ifd = r32(4);
  if (ifd + 2 > t.length) return undefined;
  let res: number | undefined;
  let unit = 2;
  for (let i = 0, n = r16(ifd); i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > t.length) break;
    const tag = r16(e);
    if (tag === 0x011a) {
      const off = r32(e + 8);
      if (off + 8 <= t.length && r32(off + 4) !== 0) res = r32(off) / r32(off + 4);
    }
    if (tag === 0x0128) unit = r16(e + 8);
  }
  if (res === undefined) return undefined;
  return unit === 3 ? Math.round(res * 2.54) : Math.round(res);
}

function jpegInfo(b: Uint8Array): ImageInfo | undefined {
  let dpi: number | undefined;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const len = u16(b, at + 2);
    // APP0 JFIF: units 1 = dots per inch, 2 = dots per cm.
    if (marker === 0xe0 && String.fromCharCode(...b.subarray(at + 4, at + 9)) === 'JFIF\0') {
      const units = b[at + 11];
      const x = u16(b, at + 12);
      if (units === 1) dpi = x;
      if (units === 2) dpi = Math.round(x * 2.54);
    }
    // APP1 Exif: IFD0 XResolution (0x011A) and ResolutionUnit (0x0128: 2 inch, 3 cm), used
    // when there is no JFIF density (sharp and many phones write only Exif).
    if (marker === 0xe1 && dpi === undefined && String.fromCharCode(...b.subarray(at + 4, at + 10)) === 'Exif\0\0') {
      dpi = exifDpi(b.subarray(at + 10, at + 2 + len));
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mime: 'image/jpeg', height: u16(b, at + 5), width: u16(b, at + 7), dpi };
    }
    at += 2 + len;
  }
  return undefined;
}

function pdfInfo(b: Uint8Array): ImageInfo | undefined {
  // The first page's MediaBox in points; a PDF has no pixel size, so report it at 72 dpi.
  const text = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1 << 20)).toString('latin1');
  const m = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(text);
  if (!m) return { mime: 'application/pdf', width: 0, height: 0, dpi: 72 };
  const width = Math.round(Number(m[3]) - Number(m[1]));
  const height = Math.round(Number(m[4]) - Number(m[2]));
  return { mime: 'application/pdf', width, height, dpi: 72 };
}

/** Returns undefined for bytes that are not a PNG, JPEG or PDF header we can read. */
export function imageInfo(b: Uint8Array): ImageInfo | undefined {
  switch (mimeSniff(b)) {
    case 'image/png':
      return pngInfo(b);
    case 'image/jpeg':
      return jpegInfo(b);
    case 'application/pdf':
      return pdfInfo(b);
    default:
      return undefined;
  }
}

/**
 * True when the bytes end the way a finished file of their type ends: PNG's IEND chunk, JPEG's
 * EOI marker, PDF's %%EOF (allowing trailing whitespace). A file still being written fails this.
 */
export function imageComplete(b: Uint8Array): boolean {
  const mime = mimeSniff(b);
  if (mime === 'image/png') {
    return b.length >= 12 && String.fromCharCode(...b.subarray(b.length - 8, b.length - 4)) === 'IEND';
  }
  if (mime === 'image/jpeg') {
    let end = b.length;
    while (end > 0 && b[end - 1] === 0x00) end -= 1; // some devices pad after EOI
    return end >= 4 && b[end - 2] === 0xff && b[end - 1] === 0xd9;
  }
  if (mime === 'application/pdf') {
    const tail = Buffer.from(b.subarray(Math.max(0, b.length - 1024))).toString('latin1');
    return /%%EOF\s*$/.test(tail);
  }
  return false;
}
