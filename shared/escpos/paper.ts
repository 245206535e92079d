import type { Align } from './commands.js';
import { glyphDot, glyphHeight, glyphWidth } from './glyphs.js';

// The paper model shared by the raster encoder and the test decoder, so that a receipt sent
// as text, as downloaded glyphs or as raster lands on identical dots. Line feed = 30 dots
// (set with ESC 3 at start), or the character height when that is taller.

export const paperLineSpacing = 30;

export function paperLineAdvance(heightMul: number, spacing = paperLineSpacing): number {
  return Math.max(spacing, glyphHeight * heightMul);
}

export interface LineStyle {
  align: Align;
  bold: boolean;
  width: number;
  height: number;
}

/** A growing 1-bit sheet, one byte per dot (0 white, 1 black). */
export class PaperBitmap {
  private data: Uint8Array;
  private rows = 0;

  constructor(readonly width: number, initialRows = 256) {
    this.data = new Uint8Array(width * initialRows);
  }

  get height(): number {
    return this.rows;
  }

  ensure(rows: number): void {
    if (rows <= this.rows) return;
    if (rows * this.width > this.data.length) {
      const grown = new Uint8Array(Math.max(rows * this.width, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.rows = rows;
  }

  set(x: number, y: number): void {
    if (x < 0 || x >= this.width || y < 0) return;
    this.ensure(y + 1);
    this.data[y * this.width + x] = 1;
  }

  get(x: number, y: number): boolean {
    return x >= 0 && x < this.width && y >= 0 && y < this.rows && this.data[y * this.width + x] === 1;
  }

  /** Rows y0…y1-1 packed MSB-first, `widthBytes` per row: the payload of GS v 0. */
  packed(y0: number, y1: number, widthBytes = Math.ceil(this.width / 8)): Uint8Array {
    const out = new Uint8Array(widthBytes * (y1 - y0));
    for (let y = y0; y < y1; y++) {
      for (let x = 0; x < Math.min(this.width, widthBytes * 8); x++) {
        if (this.get(x, y)) out[(y - y0) * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    return out;
  }

  /** Draws packed raster rows (GS v 0 payload) at (x, y). */
  blit(x: number, y: number, widthBytes: number, height: number, data: Uint8Array): void {
    this.ensure(y + height);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < widthBytes * 8; c++) {
        if ((data[r * widthBytes + (c >> 3)]! & (0x80 >> (c & 7))) !== 0) this.set(x + c, y + r);
      }
    }
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) this.set(x + c, y + r);
  }

  /** Extent of black dots in rows y0…y1-1: [first row, last row + 1, last column + 1], or undefined when blank. */
  inkBox(y0: number, y1: number): { top: number; bottom: number; right: number } | undefined {
    let top = -1;
    let bottom = -1;
    let right = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = 0; x < this.width; x++) {
        if (!this.get(x, y)) continue;
        if (top < 0) top = y;
        bottom = y + 1;
        right = Math.max(right, x + 1);
      }
    }
    return top < 0 ? undefined : { top, bottom, right };
  }

  /** RGBA pixels (for PNG), each dot `scale`×`scale`. */
  rgba(scale = 1): { width: number; height: number; data: Uint8Array } {
    const w = this.width * scale;
    const h = Math.max(1, this.rows) * scale;
    const out = new Uint8Array(w * h * 4).fill(255);
    for (let y = 0; y < this.rows; y++) {
      for (let x = 0; x < this.width; x++) {
        if (!this.get(x, y)) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const p = ((y * scale + dy) * w + x * scale + dx) * 4;
            out[p] = out[p + 1] = out[p + 2] = 0;
          }
        }
      }
    }
    return { width: w, height: h, data: out };
  }
}

/** Where a line of `cells` characters starts for the given alignment. */
export function paperLineX(cells: number, style: LineStyle, paperDots: number): number {
  const lineWidth = cells * glyphWidth * style.width;
  if (style.align === 'center') return Math.max(0, Math.floor((paperDots - lineWidth) / 2));
  if (style.align === 'right') return Math.max(0, paperDots - lineWidth);
  return 0;
}

/**
 * Prints one line of glyphs (column-major cells, `null` = space) at row y, characters scaled
 * by the size multipliers from the top of the line (the gap of the line spacing stays below);
 * emphasis adds a one-dot shift.
 */
export function paperLineDraw(sheet: PaperBitmap, y: number, cells: (Uint8Array | null)[], style: LineStyle): void {
  const x0 = paperLineX(cells.length, style, sheet.width);
  const top = y;
  cells.forEach((cell, i) => {
    if (!cell) return;
    const cx = x0 + i * glyphWidth * style.width;
    for (let gx = 0; gx < glyphWidth; gx++) {
      for (let gy = 0; gy < glyphHeight; gy++) {
        if (!glyphDot(cell, gx, gy)) continue;
        for (let sy = 0; sy < style.height; sy++) {
          for (let sx = 0; sx < style.width + (style.bold ? 1 : 0); sx++) sheet.set(cx + gx * style.width + sx, top + gy * style.height + sy);
        }
      }
    }
  });
  sheet.ensure(y + paperLineAdvance(style.height));
}
