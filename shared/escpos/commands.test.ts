import { describe, expect, it } from 'vitest';
import { EscPosBuilder, statusRequest } from './commands.js';
import { escposDecode } from './decoder.js';
import { tokenize } from './tokenize.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('EscPosBuilder', () => {
  it('encodes the basic commands byte for byte', () => {
    const b = new EscPosBuilder().init().align('center').bold(true).size(2, 2).codePage(52).lineSpacing(30).feed(3).cut(false, 48).drawerKick(0);
    expect(hex(b.bytes())).toBe('1b40' + '1b6101' + '1b4501' + '1d2111' + '1b7434' + '1b331e' + '1b6403' + '1d564230' + '1b70003264');
  });

  it('encodes GS v 0 with little-endian width in bytes and height in dots', () => {
    const b = new EscPosBuilder().raster(2, 3, Uint8Array.of(1, 2, 3, 4, 5, 6));
    expect(hex(b.bytes())).toBe('1d76300002000300010203040506');
    expect(() => new EscPosBuilder().raster(2, 3, new Uint8Array(5))).toThrow(RangeError);
  });

  it('encodes QR model 2 store and print with pL pH = data length + 3', () => {
    const b = new EscPosBuilder().qr(Uint8Array.from([0x41, 0x42]), 6, 'M');
    expect(hex(b.bytes())).toBe(
      '1d286b040031413200' + '1d286b03003143' + '06' + '1d286b03003145' + '31' + '1d286b0500315030' + '4142' + '1d286b0300315130',
    );
  });

  it('encodes downloaded glyphs for a code range and refuses codes outside 32–126', () => {
    const g = { width: 2, columns: Uint8Array.of(1, 2, 3, 4, 5, 6) };
    expect(hex(new EscPosBuilder().userGlyphDefine(0x7d, [g, g]).bytes())).toBe('1b26037d7e' + '02010203040506' + '02010203040506');
    expect(() => new EscPosBuilder().userGlyphDefine(0x7e, [g, g])).toThrow(RangeError);
    expect(hex(new EscPosBuilder().userGlyphs(true).userGlyphDelete(0x7e).bytes())).toBe('1b25011b3f7e');
  });

  it('encodes CODE128 with height, width and HRI below', () => {
    const b = new EscPosBuilder().barcode('CODE128', Uint8Array.from([0x7b, 0x42, 0x31]), 60, 2);
    expect(hex(b.bytes())).toBe('1d683c' + '1d7702' + '1d4802' + '1d6b4903' + '7b4231');
    const d = escposDecode(b.bytes(), { paperDots: 384 });
    expect(d.barcodes).toEqual([{ system: 73, data: '{B1', y: 0 }]);
  });

  it('asks for status with DLE EOT n', () => {
    expect(hex(statusRequest(4))).toBe('100404');
  });

  it('tokenizes commands whose payload contains DLE EOT without splitting them', () => {
    const b = new EscPosBuilder().raster(3, 1, Uint8Array.of(0x10, 0x04, 0x01)).raw(statusRequest(1)).bytes();
    const tokens = tokenize(b);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toMatchObject({ kind: 'command', prefix: 0x10, code: 0x04 });
  });
});
