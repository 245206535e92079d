import { EscPosBuilder, type Align } from './commands.js';
import { cp1258Encode } from './cp1258.js';
import { GlyphSlots } from './glyphSlots.js';
import { glyphFor } from './glyphs.js';
import { PaperBitmap, paperLineAdvance, paperLineDraw, paperLineSpacing } from './paper.js';
import type { PrintMode, PrinterProfile } from './profiles.js';
import type { QrMatrix } from './decoder.js';
import type { ReceiptDoc, TextLine } from './receiptLayout.js';
import { utf8Encode } from './utf8.js';

// Turns a laid-out receipt into ESC/POS bytes in one of the four modes. Style commands are
// sent only when the style changes, because at 9,600 baud every byte is a millisecond.

const rasterBand = 240;

/** The glyphs a line prints: unknown characters print as "?", like the printer would. */
export function lineCells(text: string): (Uint8Array | null)[] {
  return Array.from(text.normalize('NFC')).map((c) => (c === ' ' ? null : (glyphFor(c) ?? glyphFor('?')!)));
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

class StyleState {
  align: Align = 'left';
  bold = false;
  width = 1;
  height = 1;

  apply(b: EscPosBuilder, want: { align?: Align; bold?: boolean; width?: number; height?: number }): void {
    if (want.align !== undefined && want.align !== this.align) b.align((this.align = want.align));
    if (want.bold !== undefined && want.bold !== this.bold) b.bold((this.bold = want.bold));
    const w = want.width ?? this.width;
    const h = want.height ?? this.height;
    if (w !== this.width || h !== this.height) b.size((this.width = w), (this.height = h));
  }
}

/** Line drawn alone on a sheet as wide as the paper (for raster and mixed modes). */
function lineSheet(line: TextLine, paperDots: number): PaperBitmap {
  const sheet = new PaperBitmap(paperDots, paperLineAdvance(line.height));
  paperLineDraw(sheet, 0, lineCells(line.text), line);
  return sheet;
}

/** One raster line with blank rows turned into ESC J feeds and the blank right edge cut off. */
function rasterLineTrimmed(b: EscPosBuilder, sheet: PaperBitmap, advance: number): void {
  const ink = sheet.inkBox(0, advance);
  if (!ink) {
    b.raw([0x1b, 0x4a, advance]);
    return;
  }
  const widthBytes = Math.ceil(ink.right / 8);
  if (ink.top > 0) b.raw([0x1b, 0x4a, ink.top]);
  b.raster(widthBytes, ink.bottom - ink.top, sheet.packed(ink.top, ink.bottom, widthBytes));
  if (advance > ink.bottom) b.raw([0x1b, 0x4a, advance - ink.bottom]);
}

export interface EncodeResult {
  bytes: Uint8Array;
  mode: PrintMode;
  /** Glyphs downloaded (glyph mode) — a measure of how much Vietnamese went as graphics. */
  glyphsSent: number;
}

/** A QR symbol drawn as a raster image, for printers without GS ( k; same dots as the native one. */
function qrRaster(b: EscPosBuilder, m: QrMatrix, moduleSize: number, paperDots: number): void {
  const dots = m.size * moduleSize;
  const x0 = Math.max(0, Math.floor((paperDots - dots) / 2));
  const sheet = new PaperBitmap(paperDots, dots);
  for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) if (m.get(x, y)) sheet.fillRect(x0 + x * moduleSize, y * moduleSize, moduleSize, moduleSize);
  sheet.ensure(dots);
  const widthBytes = Math.ceil((x0 + dots) / 8);
  b.raster(widthBytes, dots, sheet.packed(0, dots, widthBytes));
}

export interface EncodeOptions {
  /** QR encoder for profiles without native QR (GS ( k); without it such profiles print the code as text only. */
  qrMatrix?: (data: string, ec: 'L' | 'M' | 'Q' | 'H') => QrMatrix;
}

export function receiptEncode(doc: ReceiptDoc, profile: PrinterProfile, mode: PrintMode, options: EncodeOptions = {}): EncodeResult {
  if (mode === 'text' && profile.cp1258Page === undefined) throw new RangeError(`profile ${profile.name} has no Windows-1258 code page`);
  const b = new EscPosBuilder().init().lineSpacing(paperLineSpacing);
  if (mode === 'text') b.codePage(profile.cp1258Page!);
  const style = new StyleState();
  const slots = new GlyphSlots();
  let pending: TextLine[] = [];

  const flushRaster = () => {
    if (pending.length === 0) return;
    const height = pending.reduce((s, l) => s + paperLineAdvance(l.height), 0);
    const sheet = new PaperBitmap(doc.paperDots, height);
    let y = 0;
    for (const l of pending) {
      paperLineDraw(sheet, y, lineCells(l.text), l);
      y += paperLineAdvance(l.height);
    }
    sheet.ensure(height);
    style.apply(b, { align: 'left' });
    for (let y0 = 0; y0 < height; y0 += rasterBand) {
      const y1 = Math.min(height, y0 + rasterBand);
      b.raster(doc.paperDots / 8, y1 - y0, sheet.packed(y0, y1));
    }
    pending = [];
  };

  for (const block of doc.blocks) {
    if (block.kind === 'text') {
      if (mode === 'raster') {
        pending.push(block);
        continue;
      }
      if (mode === 'mixed' && !isAscii(block.text)) {
        style.apply(b, { align: 'left' });
        rasterLineTrimmed(b, lineSheet(block, doc.paperDots), paperLineAdvance(block.height));
        continue;
      }
      style.apply(b, block);
      if (mode === 'text') b.text(cp1258Encode(block.text));
      else if (mode === 'glyph') b.text(slots.lineEncode(block.text, b));
      else b.text(Array.from(block.text, (c) => c.charCodeAt(0)));
      b.newline();
      continue;
    }
    flushRaster();
    if (block.kind === 'qr') {
      if (profile.qr) {
        style.apply(b, { align: 'center' });
        b.qr(utf8Encode(block.data), block.moduleSize, block.ec);
      } else if (options.qrMatrix) {
        style.apply(b, { align: 'left' });
        qrRaster(b, options.qrMatrix(block.data, block.ec), block.moduleSize, doc.paperDots);
      }
    } else if (block.kind === 'feed') {
      b.feed(block.lines);
    } else if (block.kind === 'cut') {
      if (profile.cutter) b.cut(false, 48);
      else b.feed(4);
    } else if (block.kind === 'drawer') {
      if (profile.drawer) b.drawerKick(0);
    }
  }
  flushRaster();
  return { bytes: b.bytes(), mode, glyphsSent: slots.glyphsSent };
}
