import { combineLatest, map, type Observable } from 'rxjs';
import { syncRejectCodes, type SyncRejectCode } from '../../shared/sync/eventWire.js';
import type { Database } from '../db/database.js';

// The quarantine: records the provincial server refused (an event that is no longer a legal
// step, a number outside this workstation's block, text it cannot store…). They stay on this
// workstation, out of the dossier's projection and never sent again; the clerk and the
// supervisor see them with the server's reason in the status bar (SyncControls.tsx).

export interface QuarantineRow {
  collection: 'events' | 'files';
  id: string;
  dossierId: string;
  /** The dossier's code, when this workstation knows it. */
  dossierCode: string | null;
  /** The event type, or null for a file record. */
  eventType: string | null;
  fileName: string | null;
  code: SyncRejectCode | null;
  reason: string;
  at: string;
}

/** `<code>: <reason>` as the push handler stores it; an unknown prefix stays in the reason. */
export function syncReasonParse(text: string | null | undefined): { code: SyncRejectCode | null; reason: string } {
  const value = text ?? '';
  const at = value.indexOf(': ');
  const head = at > 0 ? value.slice(0, at) : '';
  if ((syncRejectCodes as readonly string[]).includes(head)) return { code: head as SyncRejectCode, reason: value.slice(at + 2) };
  return { code: null, reason: value };
}

/** How many records are quarantined, kept current (two index counts). */
export function quarantineCount$(db: Database): Observable<number> {
  return combineLatest([db.events.count({ selector: { syncState: 'rejected' } }).$, db.files.count({ selector: { syncState: 'rejected' } }).$]).pipe(map(([e, f]) => e + f));
}

export async function quarantineList(db: Database): Promise<QuarantineRow[]> {
  const [events, files] = await Promise.all([
    db.events.find({ selector: { syncState: 'rejected' } }).exec(),
    db.files.find({ selector: { syncState: 'rejected' } }).exec(),
  ]);
  const dossiers = await db.dossiers.findByIds([...new Set([...events, ...files].map((r) => r.dossierId))]).exec();
  const codeOf = (dossierId: string, payload?: Record<string, unknown>): string | null =>
    dossiers.get(dossierId)?.code ?? (typeof payload?.code === 'string' ? payload.code : null);
  const rows: QuarantineRow[] = [
    ...events.map((e) => ({
      collection: 'events' as const,
      id: e.id,
      dossierId: e.dossierId,
      dossierCode: codeOf(e.dossierId, e.type === 'received' ? e.payload : undefined),
      eventType: e.type,
      fileName: null,
      ...syncReasonParse(e.syncReason),
      at: e.at,
    })),
    ...files.map((f) => ({
      collection: 'files' as const,
      id: f.id,
      dossierId: f.dossierId,
      dossierCode: codeOf(f.dossierId),
      eventType: null,
      fileName: f.name,
      ...syncReasonParse(f.syncReason),
      at: f.createdAt,
    })),
  ];
  return rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
