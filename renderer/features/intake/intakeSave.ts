import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { dossierAct, dossierReceive } from '../counter/dossierActions.js';
import type { CounterSession } from '../counter/counterSession.js';
import { draftFees, type Draft } from './draft.js';

export interface IntakeOverride {
  username: string;
  password: string;
  reason: string;
}

/** Saves the intake (received + payment), then attaches each component's file as its own event. */
export async function intakeSave(session: CounterSession, draft: Draft, agencyCode: string, override: IntakeOverride | null): Promise<DossierProjection> {
  if (!draft.procedure) throw new Error('no procedure');
  const nullIfEmpty = (s: string): string | null => (s.trim() ? s.trim() : null);
  let projection = await dossierReceive(session, {
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
  });
  for (const c of draft.components) {
    if (!c.file) continue;
    projection = await dossierAct(session, projection, 'dossier:attachFile', {
      sha256: c.file.sha256,
      name: c.file.name,
      componentCode: c.code,
      role: 'component',
      // Scanned here into a searchable PDF (số hóa); a chosen file is an attachment only.
      digitised: c.file.scanned === true,
      reused: false,
    });
    await session.db.files.upsert({
      id: `${projection.id}:${c.file.sha256}`,
      sha256: c.file.sha256,
      dossierId: projection.id,
      unitCode: projection.agencyCode,
      componentCode: c.code,
      name: c.file.name,
      mime: c.file.mime,
      size: c.file.size,
      pages: c.file.pages ?? null,
      searchable: c.file.scanned === true,
      createdAt: projection.updatedAt,
      syncState: 'local',
    });
  }
  return projection;
}
