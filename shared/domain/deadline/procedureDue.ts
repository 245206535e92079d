import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Procedure } from '../rulepacks/cataloguePack.js';
import { vnIsoFormat } from '../time/vnTime.js';
import { dueDateCompute, stepDueDates } from './dueDate.js';

export interface ProcedureDue {
  dueAt: string;
  /** Per-step due dates of the internal process, for the control slip (phiếu kiểm soát). */
  steps: Array<{ name: string; unit: string; dueAt: string }>;
  /** Stored on the dossier so that a later calendar never silently re-times it. */
  calendarVersion: string;
}

/** The appointment of a procedure received at an instant, with the calendar version it used. */
export function procedureDueCompute(procedure: Procedure, receivedAt: number, cal: WorkingCalendar): ProcedureDue {
  const dueAt = dueDateCompute(
    { receivedAt, duration: procedure.duration, sameDay: procedure.sameDay, cutoff: procedure.cutoffTime },
    cal,
  );
  const stepTimes = stepDueDates(receivedAt, procedure.steps, cal);
  return {
    dueAt: vnIsoFormat(dueAt),
    steps: procedure.steps.map((s, i) => ({ name: s.name, unit: s.unit, dueAt: vnIsoFormat(stepTimes[i] as number) })),
    calendarVersion: cal.version,
  };
}
