import { AppError } from '../../contract/errors.js';
import { officePeriodsMs, type WorkingCalendar } from '../calendar/workingCalendar.js';
import { DAY_MS, dayFromYmd, hhmmParse, vnInstant, vnWall, ymdFromDay } from '../time/vnTime.js';

// The appointment date (ngày hẹn trả kết quả), domain brief §6.2:
// - a limit in days starts the day AFTER receipt (Civil Code 2015 Art. 147) and keeps the clock time;
// - working days skip non-working days; calendar days and months that end on a day off move to the next
//   working day (Civil Code Art. 148(4)); hours count office hours only (giờ làm việc);
// - "trong ngày" procedures are due at the close of the receipt day, or of the next working day when
//   received after the procedure's cut-off (e.g. 15:00 for certifying copies, Decree 23/2015 Art. 21);
// - time waiting for a supplement (chờ bổ sung) is not counted (pauses below).
// All arithmetic is on Vietnam wall time (UTC+7) computed here, never on the process time zone.

export const durationUnits = ['hours', 'days', 'working-days', 'months'] as const;
export type DurationUnit = (typeof durationUnits)[number];

export interface DurationSpec {
  value: number;
  unit: DurationUnit;
}

export interface DueDateInput {
  receivedAt: number;
  duration: DurationSpec;
  sameDay?: boolean;
  /** 'HH:MM'; received strictly after it → next working day (same-day procedures). */
  cutoff?: string | null;
}

export interface Pause {
  from: number;
  to: number;
}

function nextWorkingDay(day: number, cal: WorkingCalendar): number {
  let d = day;
  let guard = 0;
  while (!cal.isWorkingDay(d)) {
    d++;
    if (++guard > 370) throw new AppError('validation-failed', 'Lịch không có ngày làm việc nào trong một năm', { version: cal.version });
  }
  return d;
}

/** Close of office on a day (end of its last period). */
function officeClose(cal: WorkingCalendar): number {
  const periods = officePeriodsMs(cal.officeHours);
  return (periods[periods.length - 1] as [number, number])[1];
}

/** Adds n working days to an instant, counting from the next day and keeping the clock time. */
export function workingDaysAdd(at: number, n: number, cal: WorkingCalendar): number {
  const { day, msOfDay } = vnWall(at);
  let d = day;
  let left = n;
  let guard = 0;
  while (left > 0) {
    d++;
    if (cal.isWorkingDay(d)) left--;
    if (++guard > 366 * 50) throw new AppError('validation-failed', 'Thời hạn quá dài', { n });
  }
  return vnInstant(d, msOfDay);
}

/** Working days in (from's day, to's day]: the whole days a pause took away from a day-based limit. */
export function workingDaysBetween(from: number, to: number, cal: WorkingCalendar): number {
  const a = vnWall(from).day;
  const b = vnWall(to).day;
  let n = 0;
  for (let d = a + 1; d <= b; d++) if (cal.isWorkingDay(d)) n++;
  return n;
}

/** Adds office time (ms) from an instant; time outside office hours and on days off does not run. */
export function officeTimeAdd(at: number, ms: number, cal: WorkingCalendar): number {
  const periods = officePeriodsMs(cal.officeHours);
  let { day, msOfDay } = vnWall(at);
  let left = ms;
  for (let guard = 0; guard < 366 * 50; guard++, day++, msOfDay = 0) {
    if (!cal.isWorkingDay(day)) continue;
    for (const [a, b] of periods) {
      const start = Math.max(a, msOfDay);
      if (start >= b) continue;
      if (left <= b - start) return vnInstant(day, start + left);
      left -= b - start;
    }
  }
  throw new AppError('validation-failed', 'Thời hạn quá dài', { ms });
}

/** Office time (ms) between two instants. */
export function officeTimeBetween(from: number, to: number, cal: WorkingCalendar): number {
  if (to <= from) return 0;
  const periods = officePeriodsMs(cal.officeHours);
  const a = vnWall(from);
  const b = vnWall(to);
  let total = 0;
  for (let d = a.day; d <= b.day; d++) {
    if (!cal.isWorkingDay(d)) continue;
    const lo = d === a.day ? a.msOfDay : 0;
    const hi = d === b.day ? b.msOfDay : DAY_MS;
    for (const [p, q] of periods) total += Math.max(0, Math.min(q, hi) - Math.max(p, lo));
  }
  return total;
}

function calendarDaysAdd(at: number, n: number, cal: WorkingCalendar): number {
  const { day, msOfDay } = vnWall(at);
  return vnInstant(nextWorkingDay(day + n, cal), msOfDay);
}

function monthsAdd(at: number, n: number, cal: WorkingCalendar): number {
  const { day, msOfDay } = vnWall(at);
  const { year, month, day: dom } = ymdFromDay(day);
  const idx = year * 12 + (month - 1) + n;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  // Art. 147–148: the limit ends on the same day of the last month, or its last day if shorter.
  const lastDom = ymdFromDay(dayFromYmd(y, m + 1, 1) - 1).day;
  return vnInstant(nextWorkingDay(dayFromYmd(y, m, Math.min(dom, lastDom)), cal), msOfDay);
}

function durationCheck(d: DurationSpec): void {
  if (!Number.isFinite(d.value) || d.value < 0 || (d.unit !== 'hours' && !Number.isInteger(d.value))) {
    throw new AppError('validation-failed', `Thời hạn giải quyết không hợp lệ: ${d.value} ${d.unit}`, { duration: d });
  }
  if (!(durationUnits as readonly string[]).includes(d.unit)) {
    throw new AppError('validation-failed', `Đơn vị thời hạn không hợp lệ: ${d.unit}`, { duration: d });
  }
}

export function dueDateCompute(input: DueDateInput, cal: WorkingCalendar): number {
  const { receivedAt, duration } = input;
  durationCheck(duration);
  if (input.sameDay || (duration.unit === 'working-days' && duration.value === 0)) {
    const { day, msOfDay } = vnWall(receivedAt);
    const cutoff = input.cutoff ? hhmmParse(input.cutoff) : null;
    const late = cutoff !== null && msOfDay > cutoff;
    const dueDay = cal.isWorkingDay(day) && !late ? day : nextWorkingDay(day + 1, cal);
    return vnInstant(dueDay, officeClose(cal));
  }
  switch (duration.unit) {
    case 'hours':
      return officeTimeAdd(receivedAt, duration.value * 3_600_000, cal);
    case 'working-days':
      return workingDaysAdd(receivedAt, duration.value, cal);
    case 'days':
      return calendarDaysAdd(receivedAt, duration.value, cal);
    case 'months':
      return monthsAdd(receivedAt, duration.value, cal);
  }
}

/**
 * Moves a due date by the time a supplement pause took (§5.2: supplement time is excluded), measured in
 * the limit's own unit: office time for hours, working days for working-day and same-day limits,
 * calendar days for days and months.
 */
export function dueDateAfterPause(dueAt: number, unit: DurationUnit, pause: Pause, cal: WorkingCalendar, sameDay = false): number {
  if (pause.to <= pause.from) return dueAt;
  if (unit === 'hours' && !sameDay) return officeTimeAdd(dueAt, officeTimeBetween(pause.from, pause.to, cal), cal);
  if (unit === 'working-days' || sameDay) return workingDaysAdd(dueAt, workingDaysBetween(pause.from, pause.to, cal), cal);
  const days = vnWall(pause.to).day - vnWall(pause.from).day;
  return calendarDaysAdd(dueAt, days, cal);
}

export function dueDateComputeWithPauses(input: DueDateInput, pauses: readonly Pause[], cal: WorkingCalendar): number {
  let due = dueDateCompute(input, cal);
  for (const p of pauses) due = dueDateAfterPause(due, input.duration.unit, p, cal, input.sameDay ?? false);
  return due;
}

export interface StepPlanItem {
  name: string;
  duration: DurationSpec;
}

/** Per-step due dates of an internal process (quy trình nội bộ), each step starting when the last is due. */
export function stepDueDates(receivedAt: number, steps: readonly StepPlanItem[], cal: WorkingCalendar): number[] {
  const out: number[] = [];
  let t = receivedAt;
  for (const s of steps) {
    t = s.duration.value === 0 ? t : dueDateCompute({ receivedAt: t, duration: s.duration }, cal);
    out.push(t);
  }
  return out;
}
