import type { RxChangeEvent } from 'rxdb';
import { merge } from 'rxjs';
import type { Database, EventDoc, FileDoc } from '../db/database.js';
import type { DossierRepo } from '../db/dossierRepo.js';

// Keeps the dossier projections in step with the records replication writes: events pulled
// from the server (whose order may place them before this workstation's pending ones), sync
// states moving on, quarantines, a dossier moved away. Changes are gathered for a moment and the
// dossiers touched rebuilt in one go (renderer/db/dossierRepo.ts `rebuild`). A local append
// already wrote its projection, so its own inserts are not rebuilt again.

export interface ProjectionSync {
  /** Resolves once every change seen so far has been rebuilt. */
  idle(): Promise<void>;
  stop(): void;
}

type Touch = RxChangeEvent<EventDoc> | RxChangeEvent<FileDoc>;

export function projectionSyncStart(db: Database, repo: DossierRepo, options: { delayMs?: number; onError?: (err: unknown) => void } = {}): ProjectionSync {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();

  function flush(): void {
    timer = null;
    const ids = [...pending];
    pending.clear();
    running = running.then(async () => {
      try {
        await repo.rebuild(ids);
      } catch (err) {
        options.onError?.(err);
      }
    });
  }

  function touched(change: Touch): void {
    if (change.operation === 'INSERT' && change.documentData.syncState === 'local') return;
    pending.add(change.documentData.dossierId);
    if (change.previousDocumentData) pending.add(change.previousDocumentData.dossierId);
    if (!timer) timer = setTimeout(flush, options.delayMs ?? 50);
  }

  const subscription = merge<Touch[]>(db.events.$, db.files.$).subscribe(touched);
  return {
    async idle() {
      for (;;) {
        if (timer) {
          clearTimeout(timer);
          flush();
        }
        const at = running;
        await at;
        if (!timer && pending.size === 0 && at === running) return;
      }
    },
    stop() {
      subscription.unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
