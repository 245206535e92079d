import { AppError } from '../../shared/contract/errors.js';
import { eventsOrdered, type OrderedEvent } from '../../shared/domain/lifecycle/eventOrder.js';
import { dossierApply, type DossierProjection } from '../../shared/domain/lifecycle/projection.js';
import type { StatusMappingPack } from '../../shared/domain/rulepacks/statusMappingPack.js';

// A dossier's projection and sync state on this workstation, from the events and file records it
// holds (architecture decision 9). Pure: the repository reads the records and writes the result.
//
// Order: the events the server accepted by their position, then this workstation's pending ones
// as it made them (shared/domain/lifecycle/eventOrder.ts). Quarantined (rejected) events are left
// out. A pending event that is no longer a legal step once the server's order is known (another
// counter acted first) is left out too: the server will refuse it and it lands in quarantine.

export type SyncState = 'local' | 'queued' | 'sent' | 'acknowledged' | 'rejected';

interface Tracked {
  type?: string;
  syncState: string;
  syncReason?: string | null;
}

/** The events a projection is built from: all but the rejected, unless the intake itself was rejected. */
export function projectionEvents<T extends Tracked>(docs: readonly T[]): T[] {
  const live = docs.filter((d) => d.syncState !== 'rejected');
  // A dossier whose intake the server refused keeps what this workstation knows of it (and is
  // shown rejected) rather than vanishing from the clerk's worklist.
  return live.some((d) => d.type === 'received') ? live : [...docs];
}

export interface Folded {
  projection: DossierProjection | null;
  /** Ids of events left out as not legal at their place. */
  skipped: string[];
}

export function projectionFold(events: readonly OrderedEvent[], mapping?: StatusMappingPack): Folded {
  let projection: DossierProjection | null = null;
  const skipped: string[] = [];
  for (const e of eventsOrdered(events)) {
    try {
      projection = dossierApply(projection, e, mapping);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'illegal-transition' && err.code !== 'conflict')) throw err;
      skipped.push(e.id);
    }
  }
  return { projection, skipped };
}

const pendingOrder: SyncState[] = ['local', 'queued', 'sent'];

/**
 * A dossier's sync state, derived from its records: rejected (with the first reason) when any is
 * quarantined, else the earliest pending state of any, else acknowledged.
 */
export function dossierSyncOf(records: readonly Tracked[]): { syncState: SyncState; syncReason: string | null } {
  const rejected = records.find((r) => r.syncState === 'rejected');
  if (rejected) return { syncState: 'rejected', syncReason: rejected.syncReason ?? 'rejected' };
  for (const state of pendingOrder) if (records.some((r) => r.syncState === state)) return { syncState: state, syncReason: null };
  return { syncState: 'acknowledged', syncReason: null };
}
