import { AppError } from '../../shared/contract/errors.js';
import type { OrderedEvent } from '../../shared/domain/lifecycle/eventOrder.js';
import { eventsOrdered } from '../../shared/domain/lifecycle/eventOrder.js';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { dossierEventSchema } from '../../shared/domain/lifecycle/events.js';
import { dossierApply, type DossierProjection } from '../../shared/domain/lifecycle/projection.js';
import type { StatusMappingPack } from '../../shared/domain/rulepacks/statusMappingPack.js';
import { unsyncedFind, type Database, type DossierDoc, type EventDoc } from './database.js';
import { dossierSyncOf, projectionEvents, projectionFold } from './dossierLog.js';
import { recordCanonical } from './immutableRecords.js';
import type { PersonalCipher } from './personalCipher.js';
import { rebuildNotesCreate } from './rebuildNotes.js';

// Writes and reads dossiers as events + projection. Events are keyed by their own id and never
// change; the projection is this workstation's own, rebuilt from the events it holds (accepted
// ones in the server's order, then its pending ones) whenever others arrive. An append is stored
// first and its projection after it: a crash in between leaves a projection one event behind,
// which `repair` rebuilds on the next start. Personal fields of the `received` event and of the
// dossier are sealed.

export interface PersonalData {
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface DossierRecord {
  projection: DossierProjection;
  syncState: string;
  syncReason: string | null;
}

export interface DossierRepo {
  append(event: DossierEvent): Promise<DossierProjection>;
  /**
   * Several consecutive events of one dossier in one IndexedDB transaction: a crash stores all of
   * them or none (an intake with its payment and attachments is never saved half).
   */
  appendAll(events: DossierEvent[]): Promise<DossierProjection>;
  get(dossierId: string): Promise<DossierRecord | null>;
  /** The events the projection is built from, in order, personal data opened. */
  events(dossierId: string): Promise<DossierEvent[]>;
  personal(dossierId: string): Promise<PersonalData | null>;
  /**
   * Rebuilds projections and sync states from the records held here (events pulled, an event
   * quarantined, a bundle imported, a dossier moved away); a dossier left with no event loses its
   * projection. Returns how many dossier documents changed.
   */
  rebuild(dossierIds: Iterable<string>): Promise<number>;
  /** Notes dossiers whose records are about to change outside an append (crash-safe: repair rebuilds them). */
  rebuildNote(dossierIds: Iterable<string>): Promise<void>;
  /**
   * Rebuilds projections that lag behind their events (after a crash); returns how many. Appends
   * wait for a running repair, so none is computed from a projection still being rebuilt.
   */
  repair(): Promise<number>;
}

const noPersonal: PersonalData = { idNumber: null, address: null, phone: null, email: null };

/**
 * The dossier document of a projection; the ID number stays only in the sealed `personal`.
 * `unitCode` is the unit the dossier belongs to now: the receiving agency's, or the one the
 * province moved it to (its events then carry that unit).
 */
function dossierDocOf(projection: DossierProjection, unitCode: string, personal: string | undefined, sync: { syncState: string; syncReason: string | null }): DossierDoc {
  const stored: DossierProjection = { ...projection, applicantIdNumber: null };
  return {
    id: projection.id,
    code: projection.code,
    unitCode,
    procedureCode: projection.procedureCode,
    procedureName: projection.procedureName,
    applicantName: projection.applicantName,
    applicantNameSearch: projection.applicantNameSearch.slice(0, 120),
    status: projection.status,
    nationalStatus: projection.nationalStatus,
    channel: projection.channel,
    receivedAt: projection.receivedAt,
    dueAt: projection.dueAt,
    originalDueAt: projection.originalDueAt,
    finishedAt: projection.finishedAt ?? null,
    returnedAt: projection.returnedAt ?? null,
    lastSeq: projection.lastSeq,
    updatedAt: projection.updatedAt,
    syncState: sync.syncState,
    syncReason: sync.syncReason,
    projection: stored as unknown as Record<string, unknown>,
    ...(personal ? { personal } : {}),
  };
}

/**
 * The turns of each dossier, per database: shared by every repository of one database (a new
 * counter session after a sign-in, the replication's), so appends and rebuilds of one dossier
 * never interleave whichever instance runs them.
 */
const chainsOf = new WeakMap<Database, Map<string, Promise<unknown>>>();

export function dossierRepoCreate(db: Database, cipher: PersonalCipher, mapping?: StatusMappingPack): DossierRepo {
  let chains = chainsOf.get(db);
  if (!chains) {
    chains = new Map();
    chainsOf.set(db, chains);
  }
  const turns = chains;
  const notes = rebuildNotesCreate(db);
  let repairing: Promise<unknown> = Promise.resolve();
  // Writes to one dossier run one after the other (a double click must not fork the log, and a
  // rebuild must not interleave with an append).
  function serial<T>(dossierId: string, work: () => Promise<T>): Promise<T> {
    const run = (turns.get(dossierId) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    turns.set(dossierId, tail);
    void tail.then(() => {
      if (turns.get(dossierId) === tail) turns.delete(dossierId);
    });
    return run;
  }

  async function eventToDoc(event: DossierEvent, unitCode: string): Promise<EventDoc> {
    let payload: Record<string, unknown> = event.payload;
    if (event.type === 'received') {
      const { idNumber, address, phone, email, name } = event.payload.applicant;
      payload = {
        ...event.payload,
        applicant: { name, idNumber: null, address: null, phone: null, email: null },
        sealedApplicant: await cipher.seal({ idNumber, address, phone, email }),
      };
    }
    return {
      id: event.id,
      dossierId: event.dossierId,
      unitCode,
      seq: event.seq,
      type: event.type,
      at: event.at,
      actor: event.actor,
      payload,
      pos: null,
      acceptedAt: null,
      syncState: 'local',
      syncReason: null,
    };
  }

  /** The event with its server position; personal data opened only when asked (the projection keeps none). */
  async function docToEvent(doc: EventDoc, open: boolean): Promise<OrderedEvent | null> {
    let payload: Record<string, unknown> = { ...doc.payload };
    if (open && doc.type === 'received' && typeof payload.sealedApplicant === 'string') {
      const personal = await cipher.open<PersonalData>(payload.sealedApplicant);
      const { sealedApplicant: _sealed, ...rest } = payload;
      payload = { ...rest, applicant: { ...(rest.applicant as object), ...personal } };
    }
    const parsed = dossierEventSchema.safeParse({ id: doc.id, dossierId: doc.dossierId, seq: doc.seq, type: doc.type, at: doc.at, actor: doc.actor, payload });
    // An event this version cannot read (a newer app's) is left out rather than breaking the dossier.
    return parsed.success ? { ...parsed.data, pos: doc.pos ?? null } : null;
  }

  async function eventDocs(dossierId: string): Promise<EventDoc[]> {
    const docs = await db.events.find({ selector: { dossierId }, sort: [{ dossierId: 'asc' }, { seq: 'asc' }] }).exec();
    return docs.map((d) => d.toMutableJSON() as EventDoc);
  }

  async function storedDoc(dossierId: string): Promise<DossierDoc | null> {
    return ((await db.dossiers.findOne(dossierId).exec())?.toMutableJSON() as DossierDoc | undefined) ?? null;
  }

  function appendAll(events: DossierEvent[]): Promise<DossierProjection> {
    const dossierId = events[0]?.dossierId;
    if (!dossierId || events.some((e) => e.dossierId !== dossierId)) throw new Error('appendAll: events of exactly one dossier');
    return serial(dossierId, async () => {
      await repairing.catch(() => undefined);
      const previous = await storedDoc(dossierId);
      const current = previous?.projection ? (previous.projection as unknown as DossierProjection) : null;
      let next = current;
      const docs: EventDoc[] = [];
      for (const event of events) {
        next = dossierApply(next, event, mapping);
        docs.push(await eventToDoc(event, previous?.unitCode ?? next.agencyCode));
      }
      if (!next) throw new Error('appendAll: no events');
      const written = await db.events.bulkInsert(docs);
      if (written.error.length > 0) {
        throw new AppError('conflict', `Sự kiện hồ sơ đã có (${written.error.length})`, { dossierId, ids: written.error.map((e) => e.documentId) });
      }
      const personal = docs.map((d) => d.payload.sealedApplicant).find((p): p is string => typeof p === 'string') ?? previous?.personal;
      // A quarantined record of the dossier keeps it marked; anything else is now pending.
      const sync = previous?.syncState === 'rejected' ? { syncState: 'rejected', syncReason: previous.syncReason ?? null } : { syncState: 'local', syncReason: null };
      await db.dossiers.upsert(dossierDocOf(next, previous?.unitCode ?? next.agencyCode, personal, sync));
      return next;
    });
  }

  async function rebuildOne(dossierId: string): Promise<boolean> {
    const [docs, files, stored] = await Promise.all([
      eventDocs(dossierId),
      db.files.find({ selector: { dossierId } }).exec(),
      db.dossiers.findOne(dossierId).exec(),
    ]);
    if (docs.length === 0) {
      if (!stored) return false;
      await stored.remove();
      return true;
    }
    const used = (await Promise.all(projectionEvents(docs).map((d) => docToEvent(d, false)))).filter((e): e is OrderedEvent => e !== null);
    const { projection } = projectionFold(used, mapping);
    if (!projection) {
      // No intake held: still on its way (nothing to show yet), or the dossier moved away and only
      // quarantined records of it are left here (its projection goes).
      if (!stored) return false;
      await stored.remove();
      return true;
    }
    const sync = dossierSyncOf([...docs, ...files.map((f) => ({ syncState: f.syncState, syncReason: f.syncReason ?? null }))]);
    const received = docs.find((d) => d.type === 'received' && d.syncState !== 'rejected');
    const sealed = received?.payload.sealedApplicant;
    const personal = stored?.personal ?? (typeof sealed === 'string' ? sealed : undefined);
    const next = dossierDocOf(projection, received?.unitCode ?? projection.agencyCode, personal, sync);
    if (stored) {
      const before = stored.toMutableJSON() as DossierDoc;
      const same = recordCanonical(before as unknown as Record<string, unknown>) === recordCanonical(next as unknown as Record<string, unknown>);
      if (same && before.syncState === next.syncState && (before.syncReason ?? null) === next.syncReason) return false;
    }
    await db.dossiers.upsert(next);
    return true;
  }

  /** `chained`: in turn with appends. The repair runs outside the turns: appends wait for it. */
  async function rebuildIds(dossierIds: Iterable<string>, chained: boolean): Promise<number> {
    const ids = [...new Set(dossierIds)];
    const seen = await notes.snapshot();
    let changed = 0;
    // A few at a time: each is a handful of index reads and at most one write.
    for (let i = 0; i < ids.length; i += 8) {
      const chunk = ids.slice(i, i + 8);
      const done = await Promise.all(chunk.map((id) => (chained ? serial(id, () => rebuildOne(id)) : rebuildOne(id))));
      changed += done.filter(Boolean).length;
    }
    await notes.clear(ids, seen);
    return changed;
  }

  async function repairRun(): Promise<number> {
    // Only dossiers with records the server has not acknowledged can be ahead of their projection
    // (read through the syncState index, so a synced store of 100k dossiers costs nothing at
    // start-up), and those noted before a pull or a quarantine wrote their records.
    const [pending, noted] = await Promise.all([unsyncedFind(db.events), notes.snapshot()]);
    const lastSeqOf = new Map<string, number>();
    const quarantined = new Set<string>();
    for (const e of pending) {
      if (e.syncState === 'rejected') quarantined.add(e.dossierId);
      else lastSeqOf.set(e.dossierId, Math.max(lastSeqOf.get(e.dossierId) ?? 0, e.seq));
    }
    const ids = new Set([...lastSeqOf.keys(), ...quarantined]);
    const dossiers = await db.dossiers.findByIds([...ids]).exec();
    const lagging = new Set(noted.keys());
    for (const id of ids) {
      const d = dossiers.get(id);
      if (!d || d.lastSeq < (lastSeqOf.get(id) ?? 0) || (quarantined.has(id) && d.syncState !== 'rejected')) lagging.add(id);
    }
    return rebuildIds(lagging, false);
  }

  return {
    append: (event) => appendAll([event]),
    appendAll,
    async get(dossierId) {
      const doc = await storedDoc(dossierId);
      if (!doc?.projection) return null;
      return { projection: doc.projection as unknown as DossierProjection, syncState: doc.syncState, syncReason: doc.syncReason ?? null };
    },
    async events(dossierId) {
      const docs = projectionEvents(await eventDocs(dossierId));
      const events = (await Promise.all(docs.map((d) => docToEvent(d, true)))).filter((e): e is OrderedEvent => e !== null);
      return eventsOrdered(events).map(({ pos: _pos, ...event }) => event as DossierEvent);
    },
    async personal(dossierId) {
      const doc = await db.dossiers.findOne(dossierId).exec();
      return doc?.personal ? cipher.open<PersonalData>(doc.personal) : noPersonal;
    },
    rebuild: (ids) => rebuildIds(ids, true),
    rebuildNote: (ids) => notes.add(ids),
    repair() {
      const run = repairRun();
      repairing = run;
      return run;
    },
  };
}
