import type { Database } from './database.js';

// Dossiers whose projection must be rebuilt because records of theirs are being written outside
// an append (a pull, a quarantine mark, a bundle): noted in the workstation collection before
// the records are written and cleared once rebuilt, so a crash in between is repaired at the
// next start. Each note counts up, so a note taken again while a rebuild runs is not cleared by it.

const key = 'projection-rebuild';

export interface RebuildNotes {
  add(dossierIds: Iterable<string>): Promise<void>;
  /** The noted dossiers and their counts now. */
  snapshot(): Promise<Map<string, number>>;
  /** Clears the given dossiers' notes unless noted again since `seen`. */
  clear(dossierIds: readonly string[], seen: Map<string, number>): Promise<void>;
}

/** One queue of note writes per database, whichever repository writes (read-modify-write of one document). */
const queues = new WeakMap<Database, { tail: Promise<unknown> }>();

export function rebuildNotesCreate(db: Database): RebuildNotes {
  let queue = queues.get(db);
  if (!queue) {
    queue = { tail: Promise.resolve() };
    queues.set(db, queue);
  }
  const q = queue;
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = q.tail.then(work, work);
    q.tail = run.catch(() => undefined);
    return run;
  };
  const read = async (): Promise<Record<string, number>> => {
    const doc = await db.workstation.findOne(key).exec();
    return { ...((doc?.value.counts as Record<string, number> | undefined) ?? {}) };
  };
  const write = (counts: Record<string, number>) => db.workstation.upsert({ key, value: { counts }, updatedAt: new Date().toISOString() });
  return {
    add: (ids) =>
      serial(async () => {
        const list = [...ids];
        if (list.length === 0) return;
        const counts = await read();
        for (const id of list) counts[id] = (counts[id] ?? 0) + 1;
        await write(counts);
      }),
    snapshot: () => serial(async () => new Map(Object.entries(await read()))),
    clear: (ids, seen) =>
      serial(async () => {
        const counts = await read();
        let changed = false;
        for (const id of ids) {
          if (counts[id] !== undefined && counts[id] === seen.get(id)) {
            delete counts[id];
            changed = true;
          }
        }
        if (changed) await write(counts);
      }),
  };
}
