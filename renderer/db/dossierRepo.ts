import { AppError } from '../../shared/contract/errors.js';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { dossierEventSchema } from '../../shared/domain/lifecycle/events.js';
import { dossierApply, dossierRebuild, type DossierProjection } from '../../shared/domain/lifecycle/projection.js';
import type { StatusMappingPack } from '../../shared/domain/rulepacks/statusMappingPack.js';
import { unsyncedFind, type Database, type DossierDoc, type EventDoc } from './database.js';
import type { PersonalCipher } from './personalCipher.js';

// Writes and reads dossiers as events + projection. The event is stored first and the projection
// after it: a crash in between leaves a projection one event behind, which `repair` rebuilds on
// the next start. Personal fields of the `received` event and of the dossier are sealed.

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
  events(dossierId: string): Promise<DossierEvent[]>;
  personal(dossierId: string): Promise<PersonalData | null>;
  /**
   * Rebuilds projections that lag behind their events (after a crash); returns how many. Appends
   * wait for a running repair, so none is computed from a projection still being rebuilt.
   */
  repair(): Promise<number>;
}

export const eventKey = (dossierId: string, seq: number): string => `${dossierId}:${String(seq).padStart(6, '0')}`;

const noPersonal: PersonalData = { idNumber: null, address: null, phone: null, email: null };

export function dossierRepoCreate(db: Database, cipher: PersonalCipher, mapping?: StatusMappingPack): DossierRepo {
  const chains = new Map<string, Promise<unknown>>();
  let repairing: Promise<unknown> = Promise.resolve();
  // Appends to one dossier run one after the other (a double click must not fork the log).
  function serial<T>(dossierId: string, work: () => Promise<T>): Promise<T> {
    const run = (chains.get(dossierId) ?? Promise.resolve()).then(work, work);
    chains.set(dossierId, run.catch(() => undefined));
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
      id: eventKey(event.dossierId, event.seq),
      eventId: event.id,
      dossierId: event.dossierId,
      unitCode,
      seq: event.seq,
      type: event.type,
      at: event.at,
      actor: event.actor,
      payload,
      syncState: 'local',
    };
  }

  async function docToEvent(doc: EventDoc): Promise<DossierEvent> {
    let payload: Record<string, unknown> = { ...doc.payload };
    if (doc.type === 'received' && typeof payload.sealedApplicant === 'string') {
      const personal = await cipher.open<PersonalData>(payload.sealedApplicant);
      const { sealedApplicant: _sealed, ...rest } = payload;
      payload = { ...rest, applicant: { ...(rest.applicant as object), ...personal } };
    }
    return dossierEventSchema.parse({ id: doc.eventId, dossierId: doc.dossierId, seq: doc.seq, type: doc.type, at: doc.at, actor: doc.actor, payload });
  }

  async function projectionWrite(projection: DossierProjection, personal: string | undefined, previous: DossierDoc | null): Promise<void> {
    const stored: DossierProjection = { ...projection, applicantIdNumber: null };
    const doc: DossierDoc = {
      id: projection.id,
      code: projection.code,
      unitCode: projection.agencyCode,
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
      syncState: previous?.syncState === 'rejected' ? 'rejected' : 'local',
      syncReason: previous?.syncReason ?? null,
      projection: stored as unknown as Record<string, unknown>,
      ...(personal ?? previous?.personal ? { personal: personal ?? previous?.personal } : {}),
    };
    await db.dossiers.upsert(doc);
  }

  async function eventDocs(dossierId: string): Promise<EventDoc[]> {
    const docs = await db.events.find({ selector: { dossierId }, sort: [{ dossierId: 'asc' }, { seq: 'asc' }] }).exec();
    return docs.map((d) => d.toMutableJSON() as EventDoc);
  }

  function appendAll(events: DossierEvent[]): Promise<DossierProjection> {
    const dossierId = events[0]?.dossierId;
    if (!dossierId || events.some((e) => e.dossierId !== dossierId)) throw new Error('appendAll: events of exactly one dossier');
    return serial(dossierId, async () => {
      await repairing.catch(() => undefined);
      const previousDoc = (await db.dossiers.findOne(dossierId).exec())?.toMutableJSON() as DossierDoc | undefined;
      const current = previousDoc?.projection ? (previousDoc.projection as unknown as DossierProjection) : null;
      let next = current;
      const docs: EventDoc[] = [];
      for (const event of events) {
        next = dossierApply(next, event, mapping);
        docs.push(await eventToDoc(event, current?.agencyCode ?? next.agencyCode));
      }
      if (!next) throw new Error('appendAll: no events');
      const written = await db.events.bulkInsert(docs);
      if (written.error.length > 0) {
        throw new AppError('conflict', `Sự kiện hồ sơ đã có (${written.error.length})`, { dossierId, ids: written.error.map((e) => e.documentId) });
      }
      const personal = docs.map((d) => d.payload.sealedApplicant).find((p): p is string => typeof p === 'string');
      await projectionWrite(next, personal, previousDoc ?? null);
      return next;
    });
  }

  async function repairRun(): Promise<number> {
    // Only events not yet acknowledged by the server can be ahead of their projection (read
    // through the syncState index, so a synced store of 100k dossiers costs nothing at start-up).
    const pending = await unsyncedFind(db.events);
    const lastSeqOf = new Map<string, number>();
    for (const e of pending) lastSeqOf.set(e.dossierId, Math.max(lastSeqOf.get(e.dossierId) ?? 0, e.seq));
    const dossiers = await db.dossiers.findByIds([...lastSeqOf.keys()]).exec();
    let repaired = 0;
    for (const [dossierId, last] of lastSeqOf) {
      const dossier = dossiers.get(dossierId);
      if (dossier && dossier.lastSeq >= last) continue;
      const docs = await eventDocs(dossierId);
      const projection = dossierRebuild(await Promise.all(docs.map(docToEvent)), mapping);
      const personal = docs.find((d) => d.type === 'received')?.payload.sealedApplicant;
      await projectionWrite(projection, typeof personal === 'string' ? personal : undefined, (dossier?.toMutableJSON() as DossierDoc | undefined) ?? null);
      repaired++;
    }
    return repaired;
  }

  return {
    append: (event) => appendAll([event]),
    appendAll,
    async get(dossierId) {
      const doc = (await db.dossiers.findOne(dossierId).exec())?.toMutableJSON() as DossierDoc | undefined;
      if (!doc?.projection) return null;
      return { projection: doc.projection as unknown as DossierProjection, syncState: doc.syncState, syncReason: doc.syncReason ?? null };
    },
    async events(dossierId) {
      return Promise.all((await eventDocs(dossierId)).map(docToEvent));
    },
    async personal(dossierId) {
      const doc = await db.dossiers.findOne(dossierId).exec();
      return doc?.personal ? cipher.open<PersonalData>(doc.personal) : noPersonal;
    },
    repair() {
      const run = repairRun();
      repairing = run;
      return run;
    },
  };
}
