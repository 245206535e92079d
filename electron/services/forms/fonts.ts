import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { AppError } from '../../../shared/contract/errors.js';

// Noto Serif (SIL OFL 1.1, resources/fonts/OFL.txt): a serif face close to the Times New Roman
// the forms are set in, with every precomposed Vietnamese letter. Subsetting keeps a one-page
// form near 30 KB; pdf-lib writes a ToUnicode map, so the text stays searchable and extractable.

export interface FormFonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

const fileNames = { regular: 'NotoSerif-Regular.ttf', bold: 'NotoSerif-Bold.ttf', italic: 'NotoSerif-Italic.ttf' } as const;

// Subset fonts are named "<six capitals>+<PostScript name>" (PDF 32000-1, 9.6.4). pdf-lib would
// add a random suffix instead, which makes every print of the same form differ byte for byte.
const subsetNames = ['MCAAAA+NotoSerif-Regular', 'MCAAAB+NotoSerif-Bold', 'MCAAAC+NotoSerif-Italic'] as const;

/** resources/fonts in the source tree; a packaged app passes its own resources path. */
export const defaultFontDir = fileURLToPath(new URL('../../../resources/fonts/', import.meta.url));

const cache = new Map<string, Promise<Uint8Array>>();

function fontBytes(dir: string, name: string): Promise<Uint8Array> {
  const path = join(dir, name);
  let bytes = cache.get(path);
  if (!bytes) {
    bytes = readFile(path).then(
      (b) => new Uint8Array(b),
      (err: unknown) => {
        cache.delete(path);
        throw new AppError('not-found', `Không đọc được phông chữ ${path}`, {
          path,
          reason: err instanceof Error ? err.message : String(err),
        });
      },
    );
    cache.set(path, bytes);
  }
  return bytes;
}

export async function formFontsEmbed(doc: PDFDocument, dir = defaultFontDir): Promise<FormFonts> {
  doc.registerFontkit(fontkit);
  // One after the other: the embedding order fixes object numbers, so reprints are identical.
  const names = [fileNames.regular, fileNames.bold, fileNames.italic];
  const embedded: PDFFont[] = [];
  for (const [i, name] of names.entries()) {
    embedded.push(await doc.embedFont(await fontBytes(dir, name), { subset: true, customName: subsetNames[i] }));
  }
  const [regular, bold, italic] = embedded;
  if (!regular || !bold || !italic) throw new AppError('internal', 'Thiếu phông chữ');
  return { regular, bold, italic };
}
