import { PDFHexString, PDFString } from '@cantoo/pdf-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pdfDateParse, pdfSignaturesRead, pdfStringAt } from './pdfSignatureRead.js';

describe('reading signature dictionaries from raw bytes', () => {
  it('the /M date that pdf-lib writes parses back to the same second', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const written = PDFString.fromDate(d).decodeText();
        expect(pdfDateParse(written)).toBe(new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString());
      }),
    );
  });

  it('offsets in /M are applied (Vietnam time +07\'00)', () => {
    expect(pdfDateParse("D:20260130083000+07'00'")).toBe('2026-01-30T01:30:00.000Z');
    expect(pdfDateParse('D:20260130083000Z')).toBe('2026-01-30T08:30:00.000Z');
    expect(pdfDateParse('30/01/2026')).toBeNull();
  });

  it('Vietnamese text survives as UTF-16 hex and as escaped literal strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'Ký số hóa hồ sơ Đắk Lắk ()\\\n'.split('')), maxLength: 40 }), (s) => {
        expect(pdfStringAt(PDFHexString.fromText(s).toString(), 0)).toBe(s);
      }),
    );
    expect(pdfStringAt('(a\\(b\\) \\101\\\\)', 0)).toBe('a(b) A\\');
  });

  it('a ByteRange pointing outside the file is reported, not thrown', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Sig /ByteRange [0 10 99999 10] /Contents <00> >> endobj');
    const [sig] = pdfSignaturesRead(bytes);
    expect(sig?.contents).toBeNull();
    expect(sig?.problem).toMatch(/ngoài tệp/);
  });
});
