import { open, stat } from 'node:fs/promises';
import { imageComplete } from '../imageInfo.js';

// When is a file in a hot folder finished? Multifunction printers write over SMB/FTP in pieces
// and seldom use a temp name, so a file is taken only when (1) its size has not changed for
// `stableMs` and (2) its bytes end the way a finished PNG/JPEG/PDF ends. Either alone fails:
// a slow link pauses longer than any fixed delay, and a PDF can carry %%EOF before an
// incremental update is appended.

export interface SettleState {
  size: number;
  since: number;
}

export type SettleVerdict = 'complete' | 'growing' | 'stable-but-truncated' | 'gone';

const tailBytes = 4096;

async function tailComplete(path: string, size: number): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const len = Math.min(size, tailBytes);
    const head = new Uint8Array(16);
    await fh.read(head, 0, Math.min(16, size), 0);
    const tail = new Uint8Array(len);
    await fh.read(tail, 0, len, size - len);
    // imageComplete sniffs the type from the start, so give it the head followed by the tail.
    const joined = new Uint8Array(head.length + tail.length);
    joined.set(head, 0);
    joined.set(tail, head.length);
    return imageComplete(size <= tailBytes ? tail : joined);
  } finally {
    await fh.close();
  }
}

/** One observation of a file; `prev` is the last observation (updated in place). */
export async function fileSettle(path: string, prev: SettleState | undefined, now: number, stableMs: number): Promise<{ verdict: SettleVerdict; state: SettleState }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return { verdict: 'gone', state: { size: -1, since: now } };
  }
  if (!prev || prev.size !== size || size === 0) return { verdict: 'growing', state: { size, since: now } };
  if (now - prev.since < stableMs) return { verdict: 'growing', state: prev };
  return { verdict: (await tailComplete(path, size)) ? 'complete' : 'stable-but-truncated', state: prev };
}
