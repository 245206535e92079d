import type { RxConflictHandler, WithDeleted } from 'rxdb';

// Events and file records are immutable facts (architecture decision 9): two copies of one id are
// the same record unless the server's copy says otherwise. What differs between copies without
// being the record is this workstation's bookkeeping (sync state and reason) and RxDB's own
// fields; the server's position (`pos`, `acceptedAt`) is part of the record as served, so a pulled
// copy that brings it replaces the local one.

const bookkeeping = new Set(['syncState', 'syncReason', '_meta', '_rev', '_attachments']);

function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** Canonical JSON of a record without this copy's bookkeeping (key order ignored, null = absent). */
export function recordCanonical(doc: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!bookkeeping.has(k) && v !== null) out[k] = v;
  return canonical(out);
}

/**
 * RxDB's conflict rule for the replicated collections: a sync-state change alone is never a
 * change to send, and whenever the server answers with its copy, its copy is kept.
 */
export function immutableConflictHandler<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a: WithDeleted<T>, b: WithDeleted<T>) => recordCanonical(a as Record<string, unknown>) === recordCanonical(b as Record<string, unknown>),
    resolve: (input) => Promise.resolve(input.realMasterState),
  };
}
