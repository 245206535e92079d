import sharp from 'sharp';
import type { GreyRaster } from './raster.js';

// CCITT Group 4 for bilevel pages: about 40 % smaller than 1-bit Flate on text pages. libvips
// (inside sharp) encodes it through libtiff; we ask for one strip covering the whole page and
// lift that strip out of the TIFF, which is exactly a PDF /CCITTFaxDecode stream with /K -1.
// libtiff writes Photometric MinIsBlack here, so its "white" runs are our black pixels: the
// PDF image says /BlackIs1 true to read them back the right way round.

const TAG_COMPRESSION = 259;
const TAG_STRIP_OFFSETS = 273;
const TAG_ROWS_PER_STRIP = 278;
const TAG_STRIP_BYTE_COUNTS = 279;

interface Entry {
  type: number;
  count: number;
  value: number;
}

function ifdRead(tiff: Uint8Array): Map<number, Entry> | null {
  if (tiff.length < 8) return null;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const le = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!le && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
  const u16 = (o: number): number => view.getUint16(o, le);
  const u32 = (o: number): number => view.getUint32(o, le);
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const n = u16(ifd);
  const out = new Map<number, Entry>();
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > tiff.length) return null;
    const type = u16(e + 2);
    const count = u32(e + 4);
    // SHORT values sit in the first two bytes of the value field; LONG in all four.
    const value = type === 3 ? u16(e + 8) : u32(e + 8);
    out.set(u16(e), { type, count, value });
  }
  return out;
}

/** The page as one CCITT G4 strip, or null when libvips did not produce a single-strip G4 TIFF. */
export async function g4Encode(r: GreyRaster, cut: number): Promise<Uint8Array | null> {
  const tiff = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } })
    .threshold(cut)
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, tileHeight: r.height })
    .toBuffer();
  const tags = ifdRead(tiff);
  if (!tags) return null;
  const compression = tags.get(TAG_COMPRESSION)?.value;
  const offsets = tags.get(TAG_STRIP_OFFSETS);
  const counts = tags.get(TAG_STRIP_BYTE_COUNTS);
  const rows = tags.get(TAG_ROWS_PER_STRIP)?.value ?? r.height;
  if (compression !== 4 || !offsets || !counts || offsets.count !== 1 || counts.count !== 1 || rows < r.height) return null;
  if (offsets.value + counts.value > tiff.length) return null;
  return new Uint8Array(tiff.buffer, tiff.byteOffset + offsets.value, counts.value).slice();
}
