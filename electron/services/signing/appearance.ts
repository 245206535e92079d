import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, type PDFRef } from '@cantoo/pdf-lib';

// The visible stamp of a signature (Decree 30/2020/NĐ-CP Appendix I: agency name, signer and
// signing time hh:mm:ss dd/mm/yyyy in Vietnam time). Drawn as the widget's normal appearance
// (/AP /N) with an embedded, subset Noto Sans so Vietnamese diacritics render on any reader.

export interface StampText {
  unit: string;
  signer: string;
  signedAt: Date;
  reason?: string | undefined;
}

export const stampSize = { width: 220, height: 64 } as const;

// A serif face, as Decree 30/2020 asks for Times New Roman in the agency's text stamp.
const fontFile = 'NotoSerif-Regular.ttf';

function fontPath(): string {
  const bundled = fileURLToPath(new URL(`../../../resources/fonts/${fontFile}`, import.meta.url));
  if (existsSync(bundled)) return bundled;
  return `/usr/share/fonts/truetype/noto/${fontFile}`;
}

/** hh:mm:ss dd/mm/yyyy in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function vietnamTimeFormat(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} ${p(t.getUTCDate())}/${p(
    t.getUTCMonth() + 1,
  )}/${t.getUTCFullYear()} (GMT+7)`;
}

export function stampLines(text: StampText): string[] {
  const lines = [`Ký bởi: ${text.signer}`, `Cơ quan: ${text.unit}`, `Thời gian ký: ${vietnamTimeFormat(text.signedAt)}`];
  if (text.reason) lines.push(`Lý do: ${text.reason}`);
  return lines;
}

interface SubsetLike {
  includeGlyph(glyph: unknown): number;
  encodeStream(): unknown;
}

/**
 * @cantoo/pdf-lib prefers fontkit v2's sync `subset.encode()`; @pdf-lib/fontkit's `encode` has
 * another signature, so expose only its `encodeStream()` and the subsetter takes that path.
 */
const fontkitAdapted = {
  create(data: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(data, postscriptName);
    const createSubset = font.createSubset.bind(font) as () => SubsetLike;
    Object.assign(font, {
      createSubset: () => {
        const subset = createSubset();
        return { includeGlyph: (g: unknown) => subset.includeGlyph(g), encodeStream: () => subset.encodeStream() };
      },
    });
    return font;
  },
};

/** Adds the appearance XObject to the document and returns its reference. */
export async function appearanceCreate(doc: PDFDocument, text: StampText, fontFilePath?: string): Promise<PDFRef> {
  doc.registerFontkit(fontkitAdapted as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const font = await doc.embedFont(readFileSync(fontFilePath ?? fontPath()), { subset: true });
  const { width, height } = stampSize;
  const lines = stampLines(text);
  const size = 8;
  const maxWidth = width - 8;
  const ops: string[] = ['q', '0.8 0 0 RG', '1 w', `1 1 ${width - 2} ${height - 2} re S`, 'BT', '0 0 0.55 rg'];
  let y = height - 4 - size;
  for (const raw of lines) {
    let line = raw;
    // Long unit names are cut with an ellipsis rather than drawn past the border.
    while (line.length > 4 && font.widthOfTextAtSize(line, size) > maxWidth) line = `${line.slice(0, -2)}…`;
    ops.push(`/F1 ${size} Tf`, `1 0 0 1 4 ${y.toFixed(2)} Tm`, `${font.encodeText(line).toString()} Tj`);
    y -= size + 4;
  }
  ops.push('ET', 'Q');
  const stream = doc.context.flateStream(ops.join('\n'), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: font.ref } },
  });
  return doc.context.register(stream);
}
