// RxDB JSON schemas of the workstation database, declared as plain data so that shared/ stays
// free of storage code. Five collections (RxDB's free edition opens at most 13): most facts are
// events; the dossier is a projection that can be rebuilt from them.
//
// Indexed strings need maxLength and indexed numbers need bounds (RxDB builds index strings).
// Personal data (ID number, phone, address) never sits in an indexed or clear field: it is the
// AES-GCM ciphertext in `personal`, keyed by the workstation key held by the main process.

const isoTime = { type: 'string', maxLength: 40 } as const;

export const dossierSchemaV1 = {
  title: 'dossier',
  description: 'hồ sơ: projection of a dossier’s event log',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    code: { type: 'string', maxLength: 40 },
    unitCode: { type: 'string', maxLength: 40 },
    procedureCode: { type: 'string', maxLength: 40 },
    procedureName: { type: 'string' },
    applicantName: { type: 'string' },
    /** Lower-case, diacritics removed, đ → d: queried as a range for name search. */
    applicantNameSearch: { type: 'string', maxLength: 120 },
    status: { type: 'string', maxLength: 32 },
    nationalStatus: { type: 'integer', minimum: 1, maximum: 10, multipleOf: 1 },
    channel: { type: 'integer', minimum: 1, maximum: 3 },
    receivedAt: isoTime,
    dueAt: isoTime,
    originalDueAt: isoTime,
    finishedAt: { type: ['string', 'null'] },
    returnedAt: { type: ['string', 'null'] },
    personal: { type: 'string' },
    lastSeq: { type: 'integer', minimum: 0 },
    updatedAt: isoTime,
    /** local → queued → sent → acknowledged, or rejected (with reason in `syncReason`). */
    syncState: { type: 'string', maxLength: 16 },
    syncReason: { type: ['string', 'null'] },
    projection: { type: 'object' },
  },
  required: [
    'id', 'code', 'unitCode', 'procedureCode', 'applicantNameSearch', 'status', 'receivedAt', 'dueAt', 'updatedAt',
    'syncState', 'lastSeq',
  ],
  indexes: ['code', 'dueAt', ['status', 'dueAt'], 'receivedAt', 'applicantNameSearch', ['unitCode', 'receivedAt'], 'syncState'],
} as const;

/**
 * v1 (architecture decision 9): an event is keyed by its own id (the stamp's UUID) and never
 * changes; the provincial server gives it its place in the dossier (`pos`) when it accepts it.
 * v0 was keyed `<dossierId>:<seq>` with the event id in `eventId` (migrations.ts).
 */
export const eventSchemaV1 = {
  title: 'dossier event',
  description: 'one immutable fact of a dossier’s life (received, transferred, paid, returned…)',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    dossierId: { type: 'string', maxLength: 64 },
    unitCode: { type: 'string', maxLength: 40 },
    /** The author's count of the dossier's events when it was made: orders pending events only. */
    seq: { type: 'integer', minimum: 0, maximum: 1_000_000, multipleOf: 1 },
    type: { type: 'string', maxLength: 40 },
    at: isoTime,
    actor: { type: 'object' },
    clock: { type: 'object' },
    payload: { type: 'object' },
    /** The server's acceptance position in the dossier (1, 2, 3 …); null until accepted. */
    pos: { type: ['integer', 'null'], minimum: 1 },
    acceptedAt: { type: ['string', 'null'] },
    /** Local only: local → queued → sent → acknowledged, or rejected with `syncReason`. */
    syncState: { type: 'string', maxLength: 16 },
    /** `<code>: <reason>` of the server's refusal (quarantine). */
    syncReason: { type: ['string', 'null'] },
  },
  required: ['id', 'dossierId', 'unitCode', 'seq', 'type', 'at', 'actor', 'payload', 'syncState'],
  indexes: [['dossierId', 'seq'], 'syncState'],
} as const;

export const fileSchemaV1 = {
  title: 'file',
  description: 'metadata of a scan or document; the bytes live in the main-side blob store by SHA-256',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    /** `<dossierId>:<sha256>` (intake) — longer than v0's declared 64. */
    id: { type: 'string', maxLength: 160 },
    sha256: { type: 'string', maxLength: 64 },
    dossierId: { type: 'string', maxLength: 64 },
    unitCode: { type: 'string', maxLength: 40 },
    componentCode: { type: ['string', 'null'] },
    name: { type: 'string' },
    mime: { type: 'string' },
    size: { type: 'integer', minimum: 0 },
    pages: { type: ['integer', 'null'] },
    searchable: { type: 'boolean' },
    createdAt: isoTime,
    syncState: { type: 'string', maxLength: 16 },
    /** v1: why the server refused the record (quarantine). */
    syncReason: { type: ['string', 'null'] },
  },
  required: ['id', 'sha256', 'dossierId', 'unitCode', 'name', 'mime', 'size', 'createdAt', 'syncState'],
  indexes: ['dossierId', 'syncState'],
} as const;

export const rulePackSchemaV0 = {
  title: 'rule pack',
  description: 'versioned rule data: catalogue, calendar, agencies, form templates, status mapping',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    kind: { type: 'string', maxLength: 32 },
    version: { type: 'string', maxLength: 60 },
    effectiveFrom: isoTime,
    body: { type: 'object' },
  },
  required: ['id', 'kind', 'version', 'effectiveFrom', 'body'],
  indexes: ['kind'],
} as const;

export const workstationSchemaV0 = {
  title: 'workstation state',
  description: 'key/value state of this workstation: sequence blocks, clock offset, drafts',
  version: 0,
  primaryKey: 'key',
  type: 'object',
  properties: {
    key: { type: 'string', maxLength: 100 },
    value: { type: 'object' },
    updatedAt: isoTime,
  },
  required: ['key', 'value', 'updatedAt'],
} as const;

export const collectionNames = ['dossiers', 'events', 'files', 'rulepacks', 'workstation'] as const;
export type CollectionName = (typeof collectionNames)[number];
