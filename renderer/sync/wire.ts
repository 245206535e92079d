import type { PersonalCipher } from '../db/personalCipher.js';

// Between the workstation's records and the server's (docs/spec/sync.md). Only events and file
// records travel (architecture decision 9); dossiers are each workstation's own projection.
// Personal data is sealed at rest under THIS workstation's key, which no other workstation holds;
// the server and the supervisor's PC must read it, so it travels open inside TLS and is sealed
// again on arrival with the receiving workstation's key. Local-only fields never leave, and the
// fields the server sets (`pos`, `acceptedAt`) are never sent.

export type Doc = Record<string, unknown>;
export type WireCollection = 'events' | 'files';

/** This copy's bookkeeping, never sent. */
export const localOnlyFields = ['syncState', 'syncReason'] as const;
/** Set by the server on the copy it serves. */
export const serverFields = ['pos', 'acceptedAt'] as const;
const rxLocal = ['_meta', '_rev', '_attachments'];

function strip(doc: Doc, drop: readonly string[]): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc)) if (!drop.includes(k)) out[k] = v;
  return out;
}

const personalKeys = ['idNumber', 'address', 'phone', 'email'] as const;

/** The record as the author wrote it, personal data open (push, bundle). */
async function opened(collection: WireCollection, doc: Doc, cipher: PersonalCipher, keep: readonly string[]): Promise<Doc> {
  const out = strip(doc, [...localOnlyFields, ...rxLocal, ...serverFields.filter((f) => !keep.includes(f))]);
  out._deleted = doc._deleted === true;
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

/** A push row: what the author wrote, without the server's fields. */
export function docToServer(collection: WireCollection, doc: Doc, cipher: PersonalCipher): Promise<Doc> {
  return opened(collection, doc, cipher, []);
}

/** A bundle row: as pushed, plus the server's position when this workstation knows it. */
export async function docToBundle(collection: WireCollection, doc: Doc, cipher: PersonalCipher): Promise<Doc> {
  const out = await opened(collection, doc, cipher, serverFields);
  for (const f of serverFields) if (out[f] === null || out[f] === undefined) delete out[f];
  return out;
}

/** A record from the server (pull) or a bundle, sealed for this workstation and acknowledged. */
export async function docFromServer(collection: WireCollection, doc: Doc, cipher: PersonalCipher): Promise<Doc> {
  const out: Doc = { ...doc, syncState: 'acknowledged', syncReason: null };
  delete out.updatedAt;
  if (collection === 'events') {
    out.pos = typeof doc.pos === 'number' ? doc.pos : null;
    out.acceptedAt = typeof doc.acceptedAt === 'string' ? doc.acceptedAt : null;
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
  return out;
}
