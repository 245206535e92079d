import type { DossierEvent } from './events.js';

// The order of a dossier's events, computed the same way on every side (architecture decision 9).
// The provincial server decides: it accepts an event only as a legal step from its own state of
// the dossier and gives it the next position (`pos`, 1, 2, 3 … per dossier). Events it has not
// yet accepted exist only on the workstation that made them; they follow the accepted ones in the
// order that workstation made them (`seq`, its own count at the time), then by time and id.

export type OrderedEvent = DossierEvent & { pos?: number | null };

export function eventOrderCompare(a: OrderedEvent, b: OrderedEvent): number {
  const pa = a.pos ?? null;
  const pb = b.pos ?? null;
  if (pa !== null && pb !== null) return pa - pb;
  if (pa !== null) return -1;
  if (pb !== null) return 1;
  if (a.seq !== b.seq) return a.seq - b.seq;
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Duplicates (same id) removed, the server's copy (with a position) winning, in event order. */
export function eventsOrdered<T extends OrderedEvent>(events: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const e of events) {
    const seen = byId.get(e.id);
    if (!seen || ((seen.pos ?? null) === null && (e.pos ?? null) !== null)) byId.set(e.id, e);
  }
  return [...byId.values()].sort(eventOrderCompare);
}
