import { mkdir, mkdtemp, rename, writeFile, copyFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PageMime, ScanPage } from './types.js';

export const mimeExtension: Record<PageMime, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/pdf': 'pdf',
};

/** The folder a job writes into: the caller's, or a fresh temp folder. */
export async function outDirEnsure(outDir: string | undefined, prefix: string): Promise<string> {
  if (outDir !== undefined) {
    await mkdir(outDir, { recursive: true });
    return outDir;
  }
  return mkdtemp(join(tmpdir(), `motcua-${prefix}-`));
}

export function pageFileName(index: number, mime: PageMime): string {
  return `page-${String(index + 1).padStart(4, '0')}.${mimeExtension[mime]}`;
}

/** Writes through a temp name and renames, so a reader never sees half a page. */
export async function fileWriteAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const part = `${path}.part`;
  await writeFile(part, bytes);
  await rename(part, path);
}

/** Moves a file, falling back to copy + delete across file systems. */
export async function fileMove(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from);
  }
}

/** Puts a page into `dir` under `name` whether the driver gave bytes or a file. */
export async function pageSave(page: ScanPage, dir: string, name: string): Promise<string> {
  const target = join(dir, name);
  if (page.path !== undefined) {
    if (page.path !== target) await fileMove(page.path, target);
  } else if (page.bytes !== undefined) {
    await fileWriteAtomic(target, page.bytes);
  } else {
    throw new Error('page has neither bytes nor path');
  }
  return target;
}
