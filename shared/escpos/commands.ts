// ESC/POS command builder (Epson TM-T20/T88 family, which the 58/80 mm clones follow).
// Pure: it only produces bytes. Every method appends one command and returns the builder.

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrEcLevel = 'L' | 'M' | 'Q' | 'H';
export type BarcodeSystem = 'CODE39' | 'CODE128' | 'EAN13' | 'ITF';
/** DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor. */
export type StatusKind = 1 | 2 | 3 | 4;

const alignCode: Record<Align, number> = { left: 0, center: 1, right: 2 };
const ecCode: Record<QrEcLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };
const barcodeCode: Record<BarcodeSystem, number> = { CODE39: 69, CODE128: 73, EAN13: 67, ITF: 70 };

function byteCheck(n: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${what} must be an integer ${min}–${max}, got ${n}`);
  return n;
}

export class EscPosBuilder {
  private readonly chunks: number[] = [];

  private push(...bytes: number[]): this {
    for (const b of bytes) this.chunks.push(b & 0xff);
    return this;
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.chunks.push(bytes[i]! & 0xff);
    return this;
  }

  /** ESC @: clears the buffer, modes and downloaded glyphs. */
  init(): this {
    return this.push(ESC, 0x40);
  }

  align(a: Align): this {
    return this.push(ESC, 0x61, alignCode[a]);
  }

  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** GS !: width and height multipliers 1–8. */
  size(width: number, height: number): this {
    return this.push(GS, 0x21, ((byteCheck(width, 1, 8, 'width') - 1) << 4) | (byteCheck(height, 1, 8, 'height') - 1));
  }

  /** ESC 3 n: line feed amount in dots (the decoder and raster renderer use the same model). */
  lineSpacing(dots: number): this {
    return this.push(ESC, 0x33, byteCheck(dots, 0, 255, 'line spacing'));
  }

  /** ESC t n: code page; the number for Windows-1258 depends on the vendor (see profiles). */
  codePage(n: number): this {
    return this.push(ESC, 0x74, byteCheck(n, 0, 255, 'code page'));
  }

  text(bytes: ArrayLike<number>): this {
    return this.raw(bytes);
  }

  newline(): this {
    return this.push(LF);
  }

  /** ESC d n: print and feed n lines. */
  feed(lines: number): this {
    return this.push(ESC, 0x64, byteCheck(lines, 0, 255, 'feed'));
  }

  /** ESC % n: user-defined character set on/off. */
  userGlyphs(on: boolean): this {
    return this.push(ESC, 0x25, on ? 1 : 0);
  }

  /**
   * ESC & y c1 c2 [x d1…d(y×x)]…: downloads glyphs for the consecutive codes c1…c2 (32–126).
   * Each glyph is column-major, `bands` bytes per column.
   */
  userGlyphDefine(first: number, glyphs: { width: number; columns: Uint8Array }[], bands = 3): this {
    byteCheck(first, 32, 126, 'first code');
    byteCheck(first + glyphs.length - 1, 32, 126, 'last code');
    this.push(ESC, 0x26, bands, first, first + glyphs.length - 1);
    for (const g of glyphs) {
      this.push(byteCheck(g.width, 0, 12, 'glyph width'));
      this.raw(g.columns.subarray(0, g.width * bands));
    }
    return this;
  }

  /** ESC ? n: deletes a downloaded glyph; code n prints from the internal font again. */
  userGlyphDelete(code: number): this {
    return this.push(ESC, 0x3f, byteCheck(code, 32, 126, 'code'));
  }

  /** GS v 0 m xL xH yL yH d…: raster bit image, rows of `widthBytes` bytes, MSB = left dot. */
  raster(widthBytes: number, height: number, data: Uint8Array): this {
    byteCheck(widthBytes, 1, 0xffff, 'raster width');
    byteCheck(height, 1, 0x0fff, 'raster height');
    if (data.length !== widthBytes * height) throw new RangeError(`raster data is ${data.length} bytes, expected ${widthBytes * height}`);
    return this.push(GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, height & 0xff, height >> 8).raw(data);
  }

  /** GS ( k: QR model 2, module size, error correction, store, print. */
  qr(data: Uint8Array, moduleSize = 6, ec: QrEcLevel = 'M'): this {
    byteCheck(moduleSize, 1, 16, 'QR module size');
    const store = data.length + 3;
    return this.push(GS, 0x28, 0x6b, 4, 0, 49, 65, 50, 0)
      .push(GS, 0x28, 0x6b, 3, 0, 49, 67, moduleSize)
      .push(GS, 0x28, 0x6b, 3, 0, 49, 69, ecCode[ec])
      .push(GS, 0x28, 0x6b, store & 0xff, store >> 8, 49, 80, 48)
      .raw(data)
      .push(GS, 0x28, 0x6b, 3, 0, 49, 81, 48);
  }

  /** GS h / GS w / GS H / GS k m n d…: a 1-D barcode with its human-readable line below. */
  barcode(system: BarcodeSystem, data: Uint8Array, height = 80, moduleWidth = 2): this {
    byteCheck(data.length, 1, 255, 'barcode length');
    this.push(GS, 0x68, byteCheck(height, 1, 255, 'barcode height'), GS, 0x77, byteCheck(moduleWidth, 1, 6, 'module width'), GS, 0x48, 2);
    return this.push(GS, 0x6b, barcodeCode[system], data.length).raw(data);
  }

  /** GS V 66 n: feed n dots then partial cut (full cut when `full`). */
  cut(full = false, feedDots = 48): this {
    return this.push(GS, 0x56, full ? 65 : 66, byteCheck(feedDots, 0, 255, 'cut feed'));
  }

  /** ESC p m t1 t2: pulse to the cash-drawer pin (fees paid at the counter). */
  drawerKick(pin: 0 | 1 = 0, onMs = 100, offMs = 200): this {
    return this.push(ESC, 0x70, pin, Math.min(255, Math.round(onMs / 2)), Math.min(255, Math.round(offMs / 2)));
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }

  get length(): number {
    return this.chunks.length;
  }
}

/** DLE EOT n: real-time status request; the printer answers one byte. */
export function statusRequest(kind: StatusKind): Uint8Array {
  return Uint8Array.of(DLE, 0x04, kind);
}
