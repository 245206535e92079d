import type { EscPosBuilder } from './commands.js';
import { glyphFor, glyphWidth } from './glyphs.js';

// Downloaded glyphs (ESC &) live in the codes 32–126 and replace the built-in character while
// ESC % 1 is on. Per line, Vietnamese letters get a code the line does not use as ASCII;
// definitions persist across lines (sent once per receipt), and a code whose ASCII the next
// line needs is deleted first (ESC ? n). Rarely used symbols are taken first.

const preference = Array.from('~`^|{}\\_@#$[]<>=*&"!;+QZXJWqzxjVKYFU%\'?PBkvwfybGMmECDHLNOARSTIgpuhcdlsoinrteaQ0123456789:/.,()-');
const slotOrder = [...new Set([...preference.map((c) => c.charCodeAt(0)), ...Array.from({ length: 94 }, (_, i) => 33 + i)])];

export class GlyphSlots {
  private readonly byChar = new Map<string, number>();
  private readonly byCode = new Map<number, string>();
  private readonly lastUse = new Map<number, number>();
  private tick = 0;
  private enabled = false;
  glyphsSent = 0;

  /** Bytes for one line: emits deletions, definitions and ESC % as needed, returns the line's codes. */
  lineEncode(text: string, b: EscPosBuilder): number[] {
    const chars = Array.from(text.normalize('NFC'));
    const needed = [...new Set(chars.filter((c) => c.charCodeAt(0) > 0x7e && glyphFor(c)))];
    if (needed.length === 0) {
      if (this.enabled) b.userGlyphs(false);
      this.enabled = false;
      return chars.map((c) => (c.charCodeAt(0) <= 0x7e && c.charCodeAt(0) >= 0x20 ? c.charCodeAt(0) : 0x3f));
    }
    this.tick++;
    const ascii = new Set(chars.filter((c) => c.charCodeAt(0) <= 0x7e).map((c) => c.charCodeAt(0)));
    for (const code of ascii) {
      const held = this.byCode.get(code);
      if (held === undefined) continue;
      b.userGlyphDelete(code);
      this.byCode.delete(code);
      this.byChar.delete(held);
    }
    const fresh: { code: number; ch: string }[] = [];
    for (const ch of needed) {
      const have = this.byChar.get(ch);
      if (have !== undefined) {
        this.lastUse.set(have, this.tick);
        continue;
      }
      const code = this.slotFree(ascii) ?? this.slotEvict(ascii, needed);
      if (code === undefined) throw new RangeError('no free glyph code for this line');
      const old = this.byCode.get(code);
      if (old !== undefined) this.byChar.delete(old);
      this.byCode.set(code, ch);
      this.byChar.set(ch, code);
      this.lastUse.set(code, this.tick);
      fresh.push({ code, ch });
    }
    fresh.sort((p, q) => p.code - q.code);
    for (let i = 0; i < fresh.length; ) {
      let j = i + 1;
      while (j < fresh.length && fresh[j]!.code === fresh[j - 1]!.code + 1) j++;
      b.userGlyphDefine(fresh[i]!.code, fresh.slice(i, j).map((f) => ({ width: glyphWidth, columns: glyphFor(f.ch)! })));
      this.glyphsSent += j - i;
      i = j;
    }
    if (!this.enabled) b.userGlyphs(true);
    this.enabled = true;
    return chars.map((c) => {
      const code = c.charCodeAt(0);
      if (code >= 0x20 && code <= 0x7e) return code;
      return this.byChar.get(c) ?? 0x3f;
    });
  }

  /** ESC @ clears every downloaded glyph. */
  reset(): void {
    this.byChar.clear();
    this.byCode.clear();
    this.lastUse.clear();
    this.enabled = false;
  }

  private slotFree(ascii: Set<number>): number | undefined {
    return slotOrder.find((code) => !ascii.has(code) && !this.byCode.has(code));
  }

  private slotEvict(ascii: Set<number>, needed: string[]): number | undefined {
    let best: number | undefined;
    for (const [code, ch] of this.byCode) {
      if (ascii.has(code) || needed.includes(ch)) continue;
      if (best === undefined || (this.lastUse.get(code) ?? 0) < (this.lastUse.get(best) ?? 0)) best = code;
    }
    return best;
  }
}
