import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import { dueDateAfterPause, type DurationUnit } from '../deadline/dueDate.js';
import { isoInstantParse, vnIsoFormat } from '../time/vnTime.js';
import type { PayloadOf } from './events.js';
import type { DossierProjection } from './projection.js';

/** Payload of `supplement-received`: both due dates move by the supplement time (§5.2, §6.2). */
export function supplementReceivedPayload(
  p: DossierProjection,
  resumedAt: number,
  cal: WorkingCalendar,
  note: string | null = null,
): PayloadOf<'supplement-received'> {
  const open = p.supplements.find((s) => s.receivedAt === null);
  const pause = { from: open ? isoInstantParse(open.requestedAt) : resumedAt, to: resumedAt };
  const unit = p.duration.unit as DurationUnit;
  const move = (iso: string) => vnIsoFormat(dueDateAfterPause(isoInstantParse(iso), unit, pause, cal));
  return { dueAt: move(p.dueAt), originalDueAt: move(p.originalDueAt), note };
}
