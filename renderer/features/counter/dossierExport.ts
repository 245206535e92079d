import type { DossierEvent } from '../../../shared/domain/lifecycle/events.js';
import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { invokeResult } from '../../ipc/client.js';
import type { CounterSession } from './counterSession.js';

/** A dossier with its events and personal data, as forms, receipts and exports take it. */
export interface DossierExport {
  dossier: DossierProjection & { applicant: { name: string; idNumber: string | null; address: string | null; phone: string | null; email: string | null } };
  events: DossierEvent[];
  unit: { code: string; name: string };
}

export async function dossierExport(session: CounterSession, dossierId: string, unit: { code: string; name: string }): Promise<DossierExport> {
  const record = await session.repo.get(dossierId);
  if (!record) throw new Error(`dossier ${dossierId} not found`);
  const [events, personal] = await Promise.all([session.repo.events(dossierId), session.repo.personal(dossierId)]);
  return {
    dossier: {
      ...record.projection,
      applicantIdNumber: personal?.idNumber ?? null,
      applicant: { name: record.projection.applicantName, idNumber: personal?.idNumber ?? null, address: personal?.address ?? null, phone: personal?.phone ?? null, email: personal?.email ?? null },
    },
    events,
    unit,
  };
}

/** Opens a PDF (base64) in a new window for the OS print dialog; in Electron the window prints it. */
export function pdfOpen(pdfBase64: string, fileName: string, mime = 'application/pdf'): void {
  const bytes = Uint8Array.from(atob(pdfBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.target = '_blank';
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Renders one A4 form of a dossier and opens it for the OS print dialog; returns the problem text, if any. */
export async function formPrint(
  session: CounterSession,
  dossierId: string,
  unit: { code: string; name: string },
  kind: '01' | '02' | '03' | '04' | 'control',
): Promise<string | null> {
  const rendered = await invokeResult('form:render', { kind, export: await dossierExport(session, dossierId, unit) });
  if (!rendered.ok) return `${rendered.error.code}: ${rendered.error.message}`;
  pdfOpen(rendered.value.pdfBase64, rendered.value.fileName);
  return null;
}
