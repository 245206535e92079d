import { isoInstantParse, vnWall } from '../time/vnTime.js';
import type { DossierProjection } from './projection.js';

// Trước hạn / đúng hạn / quá hạn (§5.2): compare the end of processing with the ORIGINAL due date
// (an apology's new appointment does not help the statistic). End of processing = result ready, else
// stop/withdraw; a dossier waiting for a supplement ends at the request (the citizen has the ball);
// more than one supplement request is late by definition; unfinished dossiers are judged at `asOf`.

export type Timeliness = 'early' | 'on-time' | 'late';

export function timelinessClassify(p: DossierProjection, asOf: number): Timeliness | null {
  if (p.status === 'refused') return null;
  if (p.supplements.length > 1) return 'late';
  const due = isoInstantParse(p.originalDueAt);
  const waiting = p.status === 'supplement-requested' ? p.supplements[p.supplements.length - 1] : undefined;
  if (p.finishedAt === undefined && waiting !== undefined) return isoInstantParse(waiting.requestedAt) > due ? 'late' : 'on-time';
  const endText = p.finishedAt;
  if (endText === undefined) return asOf > due ? 'late' : 'on-time';
  const end = isoInstantParse(endText);
  if (end > due) return 'late';
  return vnWall(end).day < vnWall(due).day ? 'early' : 'on-time';
}
