import { glyphTableBase64, glyphTableChars } from './glyphTable.js';

// The 12×24 bitmap font shared by every print mode and by the test decoder. A glyph is kept
// column-major (3 bytes per column, MSB = top dot), exactly the payload of ESC & with y = 3.

export const glyphWidth = 12;
export const glyphHeight = 24;
export const glyphBytes = (glyphWidth * glyphHeight) / 8;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 → bytes without atob/Buffer, so shared/ stays free of DOM and node globals. */
export function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

let table: Map<string, Uint8Array> | undefined;
let reverse: Map<string, string> | undefined;

function glyphTable(): Map<string, Uint8Array> {
  if (table) return table;
  const data = base64Decode(glyphTableBase64);
  table = new Map();
  Array.from(glyphTableChars).forEach((ch, i) => table!.set(ch, data.subarray(i * glyphBytes, (i + 1) * glyphBytes)));
  return table;
}

function keyOf(columns: Uint8Array): string {
  return Array.from(columns, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bitmap of one character (NFC), or undefined when the font has none. */
export function glyphFor(ch: string): Uint8Array | undefined {
  return glyphTable().get(ch);
}

export function glyphHas(ch: string): boolean {
  return glyphTable().has(ch);
}

/** Which character a user-defined bitmap shows: how the test decoder "reads" downloaded glyphs. */
export function glyphCharOf(columns: Uint8Array): string | undefined {
  if (!reverse) {
    reverse = new Map();
    for (const [ch, bytes] of glyphTable()) if (!reverse.has(keyOf(bytes))) reverse.set(keyOf(bytes), ch);
  }
  return reverse.get(keyOf(columns));
}

/** Dot (x, y) of a column-major glyph of `rows` dots height. */
export function glyphDot(columns: Uint8Array, x: number, y: number, bandsPerColumn = 3): boolean {
  const byte = columns[x * bandsPerColumn + (y >> 3)] ?? 0;
  return (byte & (0x80 >> (y & 7))) !== 0;
}
