import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { formFontsEmbed, type FormFonts } from './fonts.js';
import { runsWrap, type Line, type Run } from './layout.js';

// Word wrap is arithmetic on glyph widths: checked as properties over random Vietnamese text.

let fonts: FormFonts;

beforeAll(async () => {
  fonts = await formFontsEmbed(await PDFDocument.create());
});

const words = ['Giấy', 'tiếp', 'nhận', 'hồ', 'sơ', 'và', 'hẹn', 'trả', 'kết', 'quả', 'Nguyễn', 'Thị', 'Hồng', 'Nhung', '000.12.31.H29-261130-0007', 'ấp', 'Bình', 'Lục', 'Đồng', 'Nai', 'Rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr'];
const wordArb = fc.constantFrom(...words);
const lineText = (line: Line): string => line.segments.map((s) => s.text).join('');

describe('runsWrap', () => {
  it('never lets a line run past the box and loses or reorders no letter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(wordArb, { minLength: 1, maxLength: 12 }), fc.boolean()), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 40, max: 400 }),
        fc.constantFrom(9, 11.5, 14),
        (parts, width, size) => {
          const runs: Run[] = parts.map(([ws, bold]) => ({ text: `${ws.join(' ')} `, font: bold ? fonts.bold : fonts.regular }));
          const lines = runsWrap(runs, size, width);
          for (const line of lines) expect(line.width).toBeLessThanOrEqual(width + 1e-6);
          const letters = (s: string): string => s.replace(/\s+/g, '');
          expect(letters(lines.map(lineText).join(''))).toBe(letters(runs.map((r) => r.text).join('')));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the measured width equal to the drawn segments', () => {
    const lines = runsWrap([{ text: 'Mã hồ sơ: ', font: fonts.regular }, { text: '000.12.31.H29-261130-0007', font: fonts.bold }], 12, 1000);
    expect(lines).toHaveLength(1);
    const line = lines[0] as Line;
    const last = line.segments[line.segments.length - 1]!;
    expect(last.x + last.font.widthOfTextAtSize(last.text, 12)).toBeCloseTo(line.width, 6);
    expect(line.segments.map((s) => s.font)).toEqual([fonts.regular, fonts.bold]);
  });

  it('breaks a long code after a separator, and honours explicit line breaks and a narrower first line', () => {
    const code = runsWrap([{ text: '000.12.31.H29-261130-0007', font: fonts.regular }], 12, 90);
    expect(code.length).toBeGreaterThan(1);
    expect(lineText(code[0] as Line)).toMatch(/[-.]$/);
    expect(runsWrap([{ text: 'một\nhai', font: fonts.regular }], 12, 500).map(lineText)).toEqual(['một', 'hai']);
    const text = 'trả kết quả giải quyết hồ sơ '.repeat(4);
    const indented = runsWrap([{ text, font: fonts.regular }], 12, 200, 150);
    expect((indented[0] as Line).width).toBeLessThanOrEqual(150);
    expect(indented.slice(1).some((l) => l.width > 150)).toBe(true);
  });
});
