import type { DossierEvent } from '../lifecycle/events.js';
import type { DossierProjection } from '../lifecycle/projection.js';
import { isoInstantParse, isoFromDay, vnWall } from '../time/vnTime.js';

// The supervisor's end of day (issue: supervisors' end of day): what each clerk did on a Vietnam
// date, the money taken, what falls due tomorrow or is late, and what has not reached the server.

export interface ClerkCounts {
  userId: string;
  userName: string;
  received: number;
  refused: number;
  returned: number;
}

/** A dossier past its due time with its legal clock still running: the supervisor chases these. */
export interface OverdueDossier {
  id: string;
  code: string;
  procedureName: string;
  applicantName: string;
  dueAt: string;
  status: string;
}

export interface DayReport {
  date: string;
  clerks: ClerkCounts[];
  cash: number;
  cashless: number;
  dueTomorrow: number;
  overdue: number;
  /** The overdue dossiers, longest late first. */
  overdueList: OverdueDossier[];
  /** Events this PC holds not yet acknowledged by the server, per workstation (uploads.ts joins the other counters' reports). */
  unsynced: Record<string, number>;
}

export interface ReportEvent {
  event: DossierEvent;
  synced: boolean;
}

const running = new Set(['received', 'in-process', 'awaiting-payment']);

const dayOf = (iso: string): string => isoFromDay(vnWall(isoInstantParse(iso)).day);

export function dayReportCompute(date: string, dossiers: readonly DossierProjection[], events: readonly ReportEvent[], now: number): DayReport {
  const clerks = new Map<string, ClerkCounts>();
  const unsynced: Record<string, number> = {};
  let cash = 0;
  let cashless = 0;
  for (const { event, synced } of events) {
    if (!synced) unsynced[event.actor.workstationId] = (unsynced[event.actor.workstationId] ?? 0) + 1;
    if (dayOf(event.at) !== date) continue;
    const c = clerks.get(event.actor.userId) ?? { userId: event.actor.userId, userName: event.actor.userName, received: 0, refused: 0, returned: 0 };
    if (event.type === 'received') c.received++;
    else if (event.type === 'refused') c.refused++;
    else if (event.type === 'returned') c.returned++;
    else if (event.type === 'payment-paid') {
      if (event.payload.method === 'cash') cash += event.payload.amount;
      else cashless += event.payload.amount;
    }
    clerks.set(event.actor.userId, c);
  }
  const tomorrow = isoFromDay(vnWall(isoInstantParse(`${date}T12:00:00+07:00`)).day + 1);
  let dueTomorrow = 0;
  const overdueList: OverdueDossier[] = [];
  for (const d of dossiers) {
    if (!running.has(d.status)) continue;
    if (dayOf(d.dueAt) === tomorrow) dueTomorrow++;
    if (isoInstantParse(d.dueAt) < now) overdueList.push({ id: d.id, code: d.code, procedureName: d.procedureName, applicantName: d.applicantName, dueAt: d.dueAt, status: d.status });
  }
  overdueList.sort((a, b) => isoInstantParse(a.dueAt) - isoInstantParse(b.dueAt) || a.code.localeCompare(b.code));
  return {
    date,
    clerks: [...clerks.values()].filter((c) => c.received + c.refused + c.returned > 0).sort((a, b) => a.userName.localeCompare(b.userName, 'vi')),
    cash,
    cashless,
    dueTomorrow,
    overdue: overdueList.length,
    overdueList,
    unsynced,
  };
}
