import { jsonEqual, localOnlyFields, type Doc } from './wire.js';

// Conflict rules (issue 6). Events are immutable facts: both sides' events are kept (union) —
// an event displaced from its key by another workstation's event moves to the next free
// sequence number. A dossier document is merged field by field from the common base (the last
// state both sides agreed on): a field changed on one side only takes that side's value; a field
// changed on both sides to different values is a collision — the server's value stays in the
// record (so every replica converges) and the local value goes to the supervisor's review list.
// Nothing is dropped without a trace.

export interface Collision {
  field: string;
  base: unknown;
  local: unknown;
  server: unknown;
}

export interface MergeResult {
  doc: Doc;
  collisions: Collision[];
}

/** Fields that only grow: the larger value is the later state, never a collision. */
const monotone = new Set(['lastSeq', 'updatedAt', 'projection.lastSeq', 'projection.updatedAt']);
/** Fields merged one level deeper, key by key. */
const nested = new Set(['projection']);
const skipped = new Set<string>([...localOnlyFields, '_meta', '_rev', '_attachments']);

function later(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  if (typeof a === 'string' && typeof b === 'string') return Date.parse(a) >= Date.parse(b) ? a : b;
  return b ?? a;
}

function fieldsMerge(prefix: string, base: Doc | undefined, local: Doc, server: Doc, out: Doc, collisions: Collision[]): void {
  const keys = new Set([...Object.keys(local), ...Object.keys(server), ...Object.keys(base ?? {})]);
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!prefix && skipped.has(key)) continue;
    const b = base?.[key];
    const l = local[key];
    const s = server[key];
    let value: unknown;
    if (jsonEqual(l, s)) value = s;
    else if (monotone.has(path)) value = later(l, s);
    else if (nested.has(path) && isObject(l) && isObject(s)) {
      const inner: Doc = {};
      fieldsMerge(path, isObject(b) ? b : undefined, l, s, inner, collisions);
      value = inner;
    } else if (base !== undefined && jsonEqual(l, b)) value = s;
    else if (base !== undefined && jsonEqual(s, b)) value = l;
    else {
      value = s;
      collisions.push({ field: path, base: b ?? null, local: l ?? null, server: s ?? null });
    }
    if (value !== undefined) out[key] = value;
  }
}

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Three-way merge of a dossier document; `base` is absent when the two never agreed. */
export function dossierMerge(base: Doc | undefined, local: Doc, server: Doc): MergeResult {
  const doc: Doc = {};
  const collisions: Collision[] = [];
  fieldsMerge('', base, local, server, doc, collisions);
  return { doc, collisions };
}

/** The next free key of a dossier's event log, for a local event displaced by the server's. */
export function eventRekey(localEvent: Doc, takenSeqs: number[]): Doc {
  const seq = Math.max(0, ...takenSeqs) + 1;
  const dossierId = String(localEvent.dossierId);
  return { ...localEvent, seq, id: `${dossierId}:${String(seq).padStart(6, '0')}`, syncState: 'local' };
}
