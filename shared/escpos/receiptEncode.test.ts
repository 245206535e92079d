import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escposDecode, decodedText } from './decoder.js';
import { printerProfileFind, printModeFor, type PrintMode } from './profiles.js';
import { receiptEncode } from './receiptEncode.js';
import { receiptLayout, type ReceiptDoc } from './receiptLayout.js';
import { receiptSample } from './receiptView.js';

const profile80 = printerProfileFind('clone-80')!;
const expectedText = (doc: ReceiptDoc) => doc.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join('\n');

describe('receiptEncode', () => {
  const doc = receiptLayout(receiptSample, 576);
  const modes: PrintMode[] = ['text', 'glyph', 'mixed', 'raster'];
  const runs = Object.fromEntries(modes.map((m) => [m, receiptEncode(doc, profile80, m)]));
  const decoded = Object.fromEntries(modes.map((m) => [m, escposDecode(runs[m]!.bytes, { paperDots: 576, cp1258Page: 27 })]));

  it('prints every Vietnamese letter exactly in text mode (Windows-1258) and glyph mode', () => {
    expect(decodedText(decoded.text!)).toBe(expectedText(doc));
    expect(decodedText(decoded.glyph!)).toBe(expectedText(doc));
    expect(decodedText(decoded.glyph!)).toContain('Người nộp: Nguyễn Thị Ánh Tuyết');
    expect(decoded.glyph!.lines.some((l) => l.downloaded)).toBe(true);
  });

  it('puts the same dots on paper in all four modes', () => {
    const ref = decoded.glyph!.sheet;
    for (const m of ['text', 'mixed', 'raster'] as const) {
      const s = decoded[m]!.sheet;
      expect(s.height, m).toBe(ref.height);
      expect(s.packed(0, s.height), m).toEqual(ref.packed(0, ref.height));
    }
  });

  it('keeps the glyph-mode receipt under 4 KB and orders sizes text < glyph < mixed < raster', () => {
    const size = (m: PrintMode) => runs[m]!.bytes.length;
    expect(size('glyph')).toBeLessThanOrEqual(4096);
    expect(size('text')).toBeLessThan(size('glyph'));
    expect(size('glyph')).toBeLessThan(size('mixed'));
    expect(size('mixed')).toBeLessThan(size('raster'));
  });

  it('stores the dossier code in the QR command and cuts once at the end', () => {
    for (const m of modes) {
      expect(decoded[m]!.qrs.map((q) => q.data)).toEqual([receiptSample.dossierCode]);
      expect(decoded[m]!.cuts).toHaveLength(1);
      expect(decoded[m]!.unknown).toEqual([]);
    }
  });

  it('reads a damaged downloaded glyph as U+FFFD, not as the intended letter', () => {
    const bytes = runs.glyph!.bytes.slice();
    const at = bytes.findIndex((b, i) => b === 0x1b && bytes[i + 1] === 0x26);
    bytes[at + 5 + 1 + 10] = (bytes[at + 5 + 1 + 10] ?? 0) ^ 0x10;
    const text = decodedText(escposDecode(bytes, { paperDots: 576 }));
    expect(text).toContain('\ufffd');
    expect(text).not.toBe(expectedText(doc));
  });

  it('shows "?" where the printer lacks the code page the bytes assume', () => {
    const wrong = escposDecode(runs.text!.bytes, { paperDots: 576, cp1258Page: 52 });
    expect(decodedText(wrong)).not.toContain('Nguyễn');
  });

  it('reuses downloaded glyphs across lines and survives eviction (property)', () => {
    const vn = Array.from('ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĂÂĐÊÔƠƯÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴ');
    const ascii = Array.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~`^|{}@#$[]<>=*&!;+%?:/.,()-');
    const lineArb = fc.array(fc.constantFrom(...vn, ...ascii, ' '), { minLength: 1, maxLength: 48 }).map((a) => a.join('').trim()).filter((s) => s.length > 0);
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), (lines) => {
        const d: ReceiptDoc = { paperDots: 576, blocks: lines.map((text) => ({ kind: 'text', text, align: 'left', bold: false, width: 1, height: 1 })) };
        const out = escposDecode(receiptEncode(d, profile80, 'glyph').bytes, { paperDots: 576 });
        expect(decodedText(out)).toBe(lines.join('\n'));
      }),
      { numRuns: 60 },
    );
  });

  it('picks text mode where the model has Windows-1258, glyphs where it can download, else mixed', () => {
    expect(printModeFor(printerProfileFind('epson-tm-t20')!)).toBe('text');
    expect(printModeFor(printerProfileFind('xprinter-58')!)).toBe('glyph');
    expect(printModeFor(printerProfileFind('sunmi-58')!)).toBe('mixed');
    expect(printModeFor(printerProfileFind('generic-raster-80')!)).toBe('raster');
    expect(() => printModeFor(printerProfileFind('xprinter-58')!, 'text')).toThrow(RangeError);
  });
});
