import type { PersonalCipher } from '../db/personalCipher.js';

// Between the workstation's documents and the server's (docs/spec/sync.md, "Client"). Personal
// data is sealed at rest under THIS workstation's key, which no other workstation holds; the
// server and the supervisor's PC must read it, so it travels open inside TLS and is sealed
// again on arrival with the receiving workstation's key. Local-only fields never leave.

export type Doc = Record<string, unknown>;
export type WireCollection = 'dossiers' | 'events' | 'files';

/** Fields that describe this workstation's copy, not the record. */
export const localOnlyFields = ['syncState', 'syncReason'] as const;
const rxLocal = ['_meta', '_rev', '_attachments'];

function strip(doc: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!(localOnlyFields as readonly string[]).includes(k) && !rxLocal.includes(k)) out[k] = v;
  }
  return out;
}

const personalKeys = ['idNumber', 'address', 'phone', 'email'] as const;

export async function docToServer(collection: WireCollection, doc: Doc, cipher: PersonalCipher): Promise<Doc> {
  const out = strip(doc);
  out._deleted = doc._deleted === true;
  if (collection === 'dossiers' && typeof out.personal === 'string') {
    out.personalOpen = await cipher.open<Doc>(out.personal);
    delete out.personal;
  }
  if (collection === 'events') {
    // The server orders nothing by it; it needs an instant on every row.
    out.updatedAt = out.at;
    const payload = out.payload as Doc | undefined;
    if (payload && typeof payload.sealedApplicant === 'string') {
      const personal = await cipher.open<Doc>(payload.sealedApplicant);
      const { sealedApplicant: _sealed, ...rest } = payload;
      out.payload = { ...rest, applicant: { ...(rest.applicant as Doc | undefined), ...personal } };
    }
  }
  if (collection === 'files') out.updatedAt = out.createdAt;
  return out;
}

export async function docFromServer(collection: WireCollection, doc: Doc, cipher: PersonalCipher): Promise<Doc> {
  const out: Doc = { ...doc, syncState: 'acknowledged' };
  if (collection === 'dossiers') {
    out.syncReason = null;
    if (out.personalOpen && typeof out.personalOpen === 'object') out.personal = await cipher.seal(out.personalOpen);
    delete out.personalOpen;
  }
  if (collection === 'events') {
    delete out.updatedAt;
    const payload = out.payload as Doc | undefined;
    const applicant = payload?.applicant as Doc | undefined;
    if (payload && applicant && out.type === 'received') {
      const personal: Doc = {};
      for (const k of personalKeys) personal[k] = applicant[k] ?? null;
      const cleared: Doc = { ...applicant };
      for (const k of personalKeys) cleared[k] = null;
      out.payload = { ...payload, applicant: cleared, sealedApplicant: await cipher.seal(personal) };
    }
  }
  if (collection === 'files') delete out.updatedAt;
  return out;
}

/** Canonical JSON equality (key order ignored), as the server compares. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Doc).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** Equality of two copies of a record: local-only fields and RxDB's bookkeeping ignored. */
export function recordEqual(a: Doc, b: Doc): boolean {
  return jsonEqual(strip(a), strip(b));
}
