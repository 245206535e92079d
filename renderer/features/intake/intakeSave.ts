import type { DossierEvent } from '../../../shared/domain/lifecycle/events.js';
import { dossierApply, type DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import type { FileDoc } from '../../db/database.js';
import { actionStamp, intakePayment, receivedStamp, type IntakeDraft } from '../counter/dossierActions.js';
import type { CounterSession } from '../counter/counterSession.js';
import { draftFees, type Draft } from './draft.js';

export interface IntakeOverride {
  username: string;
  password: string;
  reason: string;
}

/**
 * Saves the intake: the received event, the payment and one file-attached event per component
 * file. Every stamp is asked of main first; then the file records and the events are written, the
 * events in one transaction, so a crash or power cut leaves the whole dossier or none of it
 * (issue 11's crash test). File records go first: one without its event is harmless (its bytes are
 * uploaded all the same), while an event without its record would never have its file uploaded.
 */
export async function intakeSave(session: CounterSession, draft: Draft, agencyCode: string, override: IntakeOverride | null): Promise<DossierProjection> {
  if (!draft.procedure) throw new Error('no procedure');
  const nullIfEmpty = (s: string): string | null => (s.trim() ? s.trim() : null);
  const intake: IntakeDraft = {
    procedureCode: draft.procedure.nationalCode ?? draft.procedure.localCode,
    agencyCode,
    applicant: {
      name: draft.name.trim(),
      idNumber: nullIfEmpty(draft.idNumber),
      address: nullIfEmpty(draft.address),
      phone: nullIfEmpty(draft.phone),
      email: nullIfEmpty(draft.email),
    },
    channel: draft.channel,
    components: draft.components.filter((c) => c.present).map((c) => ({ code: c.code, name: c.name, kind: c.kind, quantity: c.quantity })),
    fees: draftFees(draft),
    paidNow: draft.paidNow ? { method: draft.payMethod, receiptNo: null } : null,
    delivery: { method: draft.delivery, consent: draft.delivery === 'postal' && draft.consent, address: nullIfEmpty(draft.deliveryAddress) },
    postal: draft.channel === 3 ? { sealNumber: draft.sealNumber.trim(), postOffice: nullIfEmpty(draft.postOffice) } : null,
    ...(override ? { override } : {}),
  };
  const mapping = session.catalogue.statusMapping;
  const received = await receivedStamp(intake);
  const events: DossierEvent[] = [received];
  let projection = dossierApply(null, received, mapping);
  const paid = intakePayment(intake);
  if (paid) {
    events.push(await actionStamp(projection, 'dossier:pay', paid));
    projection = dossierApply(projection, events[events.length - 1] as DossierEvent, mapping);
  }
  type AttachedFile = NonNullable<(typeof draft.components)[number]['file']>;
  const attached: { file: AttachedFile; componentCode: string }[] = [];
  for (const c of draft.components) {
    if (!c.file) continue;
    const event = await actionStamp(projection, 'dossier:attachFile', {
      sha256: c.file.sha256,
      name: c.file.name,
      componentCode: c.code,
      role: 'component',
      // Scanned here into a searchable PDF (số hóa); a chosen file is an attachment only.
      digitised: c.file.scanned === true,
      reused: false,
    });
    events.push(event);
    projection = dossierApply(projection, event, mapping);
    attached.push({ file: c.file, componentCode: c.code });
  }
  const files: FileDoc[] = attached.map(({ file, componentCode }) => ({
    id: `${projection.id}:${file.sha256}`,
    sha256: file.sha256,
    dossierId: projection.id,
    unitCode: projection.agencyCode,
    componentCode,
    name: file.name,
    mime: file.mime,
    size: file.size,
    pages: file.pages ?? null,
    searchable: file.scanned === true,
    createdAt: projection.updatedAt,
    syncState: 'local',
  }));
  if (files.length > 0) await session.db.files.bulkUpsert(files);
  return session.repo.appendAll(events);
}
