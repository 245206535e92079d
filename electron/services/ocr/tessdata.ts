import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/contract/errors.js';

// The OCR language data ships with the app in resources/tessdata (copied from
// @tesseract.js-data/vie 4.0.0_best_int, MIT). tesseract.js must never fetch it: without an
// explicit langPath a worker waits forever on a download, and with the default cacheMethod it
// writes a copy into the working folder.

export const ocrLanguages = ['vie'] as const;
export type OcrLanguage = (typeof ocrLanguages)[number];

export function isOcrLanguage(value: string): value is OcrLanguage {
  return (ocrLanguages as readonly string[]).includes(value);
}

/** Folder holding `<lang>.traineddata.gz`; `MOTCUA_TESSDATA` overrides it for packaged builds. */
export function tessdataDir(env: Record<string, string | undefined> = process.env): string {
  return env.MOTCUA_TESSDATA ?? fileURLToPath(new URL('../../../resources/tessdata', import.meta.url));
}

export function tessdataCheck(dir: string, lang: OcrLanguage): void {
  const file = `${dir}/${lang}.traineddata.gz`;
  if (!existsSync(file)) {
    throw new AppError('ocr-failed', `Thiếu dữ liệu nhận dạng chữ ${lang} (${file})`, { file });
  }
}
