import { AppError } from '../../contract/errors.js';
import { dayFromIso } from '../time/vnTime.js';
import type { CalendarPack } from './calendarPack.js';

// The supervisor's override list (bridge days, make-up Saturdays, a storm closure) is edited here. Each
// edit makes a NEW pack version: dossiers already timed keep the version they were computed with.

export interface CalendarOverrideInput {
  date: string;
  working: boolean;
  reason: string;
  source?: string;
}

function nextVersion(version: string, editedAt: string): string {
  const base = version.replace(/\+ov\.\d+$/, '');
  const n = Number(/\+ov\.(\d+)$/.exec(version)?.[1] ?? '0') + 1;
  return `${base}+ov.${n}`.slice(0, 80) || editedAt;
}

/** Adds or replaces the override of one date; returns a new pack with a new version. */
export function calendarOverrideSet(pack: CalendarPack, o: CalendarOverrideInput, editedAt: string): CalendarPack {
  dayFromIso(o.date);
  if (o.reason.trim() === '') throw new AppError('validation-failed', 'Cần ghi lý do điều chỉnh lịch', { date: o.date });
  const overrides = [...pack.overrides.filter((x) => x.date !== o.date), { ...o, reason: o.reason.trim() }].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  return { ...pack, version: nextVersion(pack.version, editedAt), overrides };
}

/** Removes the override of a date (not-found if none); returns a new pack with a new version. */
export function calendarOverrideRemove(pack: CalendarPack, date: string, editedAt: string): CalendarPack {
  if (!pack.overrides.some((x) => x.date === date)) throw new AppError('not-found', `Không có điều chỉnh lịch ngày ${date}`, { date });
  return { ...pack, version: nextVersion(pack.version, editedAt), overrides: pack.overrides.filter((x) => x.date !== date) };
}
