// Windows-1258 (Vietnamese) for ESC/POS text mode. Encoders that map precomposed letters
// directly (ế, ữ, Ủ) get "?" because the code page has no such bytes: Vietnamese in 1258 is a
// base letter (with its circumflex, breve or horn, which do have bytes) followed by one
// combining tone byte. This mapping decomposes, maps, and round-trips exactly.

/** Bytes 0x80–0xFF of Windows-1258 (undefined positions are absent). */
const high: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
  0x8b: '‹', 0x8c: 'Œ', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9b: '›', 0x9c: 'œ', 0x9f: 'Ÿ',
  0xa0: '\u00a0', 0xa1: '¡', 0xa2: '¢', 0xa3: '£', 0xa4: '¤', 0xa5: '¥', 0xa6: '¦', 0xa7: '§', 0xa8: '¨',
  0xa9: '©', 0xaa: 'ª', 0xab: '«', 0xac: '¬', 0xad: '\u00ad', 0xae: '®', 0xaf: '¯', 0xb0: '°', 0xb1: '±',
  0xb2: '²', 0xb3: '³', 0xb4: '´', 0xb5: 'µ', 0xb6: '¶', 0xb7: '·', 0xb8: '¸', 0xb9: '¹', 0xba: 'º',
  0xbb: '»', 0xbc: '¼', 0xbd: '½', 0xbe: '¾', 0xbf: '¿',
  0xc0: 'À', 0xc1: 'Á', 0xc2: 'Â', 0xc3: 'Ă', 0xc4: 'Ä', 0xc5: 'Å', 0xc6: 'Æ', 0xc7: 'Ç', 0xc8: 'È',
  0xc9: 'É', 0xca: 'Ê', 0xcb: 'Ë', 0xcc: '\u0300', 0xcd: 'Í', 0xce: 'Î', 0xcf: 'Ï', 0xd0: 'Đ', 0xd1: 'Ñ',
  0xd2: '\u0309', 0xd3: 'Ó', 0xd4: 'Ô', 0xd5: 'Ơ', 0xd6: 'Ö', 0xd7: '×', 0xd8: 'Ø', 0xd9: 'Ù', 0xda: 'Ú',
  0xdb: 'Û', 0xdc: 'Ü', 0xdd: 'Ư', 0xde: '\u0303', 0xdf: 'ß',
  0xe0: 'à', 0xe1: 'á', 0xe2: 'â', 0xe3: 'ă', 0xe4: 'ä', 0xe5: 'å', 0xe6: 'æ', 0xe7: 'ç', 0xe8: 'è',
  0xe9: 'é', 0xea: 'ê', 0xeb: 'ë', 0xec: '\u0301', 0xed: 'í', 0xee: 'î', 0xef: 'ï', 0xf0: 'đ', 0xf1: 'ñ',
  0xf2: '\u0323', 0xf3: 'ó', 0xf4: 'ô', 0xf5: 'ơ', 0xf6: 'ö', 0xf7: '÷', 0xf8: 'ø', 0xf9: 'ù', 0xfa: 'ú',
  0xfb: 'û', 0xfc: 'ü', 0xfd: 'ư', 0xfe: '₫', 0xff: 'ÿ',
};

const toByte = new Map<string, number>(Object.entries(high).map(([b, ch]) => [ch, Number(b)]));
const tones = new Set(['\u0300', '\u0301', '\u0309', '\u0303', '\u0323']);

/**
 * Encodes text as Windows-1258 bytes. Every letter is written as base (+ circumflex/breve/horn
 * folded into the base byte) + a combining tone byte, never as a precomposed toned letter, so
 * that all toned letters print the same way. Characters with no byte become "?".
 */
export function cp1258Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const parts = Array.from(ch.normalize('NFD'));
    const tone = parts.find((p) => tones.has(p));
    const base = parts.filter((p) => !tones.has(p)).join('').normalize('NFC');
    const baseByte = base.length === 1 && base.codePointAt(0)! < 0x80 ? base.codePointAt(0)! : toByte.get(base);
    const toneByte = tone === undefined ? undefined : toByte.get(tone);
    if (baseByte === undefined || (tone !== undefined && toneByte === undefined)) {
      const direct = toByte.get(ch);
      out.push(direct ?? 0x3f);
      continue;
    }
    out.push(baseByte);
    if (toneByte !== undefined) out.push(toneByte);
  }
  return Uint8Array.from(out);
}

/** Decodes Windows-1258 bytes to NFC text (combining tones compose with the letter before). */
export function cp1258Decode(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += b < 0x80 ? String.fromCharCode(b) : (high[b] ?? '\ufffd');
  return text.normalize('NFC');
}

/** The character of one byte (combining tones are returned as combining marks). */
export function cp1258Char(byte: number): string {
  return byte < 0x80 ? String.fromCharCode(byte) : (high[byte] ?? '\ufffd');
}

export function cp1258IsTone(ch: string): boolean {
  return tones.has(ch);
}

/** Whether a character can be written in Windows-1258 (after decomposition). */
export function cp1258Has(ch: string): boolean {
  const bytes = cp1258Encode(ch);
  return ch === '?' || !bytes.includes(0x3f);
}
