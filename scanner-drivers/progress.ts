import type { ScanProgress } from './types.js';

/**
 * Wraps a progress listener so it only ever sees forward movement. Drivers that read progress
 * from two pipes (scanimage's stderr percent and stdout page names) can otherwise report page 2
 * at 10 % before the "page 1 done" line is read.
 */
export function progressForward(listener: ((p: ScanProgress) => void) | undefined): (p: ScanProgress) => void {
  let last: ScanProgress | undefined;
  return (p) => {
    if (!listener) return;
    if (last) {
      if (p.pagesDone < last.pagesDone) return;
      if (p.page < last.page || (p.page === last.page && p.fraction < last.fraction)) {
        if (p.pagesDone === last.pagesDone) return;
        p = { ...p, page: Math.max(p.page, last.page), fraction: p.page < last.page ? last.fraction : p.fraction };
      }
    }
    last = p;
    listener(p);
  };
}
