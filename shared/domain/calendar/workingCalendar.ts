import { AppError } from '../../contract/errors.js';
import { dayFromIso, hhmmParse, isoFromDay, isWeekend, ymdFromDay, type IsoDate } from '../time/vnTime.js';
import { holidayDaysByRule, type CalendarDay } from './holidayRules.js';

// A working-day calendar (lịch làm việc): Monday–Friday minus holidays, substitute and bridge days,
// plus announced make-up Saturdays. Pure data in, a predicate out; the version travels with every
// due date computed from it (a dossier keeps the version it was timed with).

export interface CalendarOverride {
  date: IsoDate;
  /** true: a working day (e.g. a make-up Saturday); false: a day off (e.g. a bridge day). */
  working: boolean;
  reason: string;
  source?: string;
}

export interface OfficeHours {
  /** Working periods of a day, 'HH:MM'–'HH:MM', in order (giờ hành chính). */
  periods: Array<{ from: string; to: string }>;
}

export const defaultOfficeHours: OfficeHours = {
  periods: [
    { from: '07:30', to: '11:30' },
    { from: '13:30', to: '17:30' },
  ],
};

export interface WorkingCalendar {
  version: string;
  isWorkingDay(day: number): boolean;
  officeHours: OfficeHours;
}

export interface CalendarYearData {
  year: number;
  days: CalendarDay[];
}

/** The per-year day list the rules produce with the overrides applied (what a calendar pack stores). */
export function calendarYearCompute(year: number, overrides: readonly CalendarOverride[]): CalendarYearData {
  const byDate = new Map<IsoDate, CalendarDay>();
  for (const d of holidayDaysByRule(year)) byDate.set(d.date, d);
  for (const o of overrides) {
    if (!o.date.startsWith(`${year}-`)) continue;
    const day = dayFromIso(o.date);
    if (o.working) {
      if (isWeekend(day)) byDate.set(o.date, { date: o.date, name: o.reason, kind: 'make-up' });
      else byDate.delete(o.date);
    } else {
      const existing = byDate.get(o.date);
      if (!existing || existing.kind === 'make-up') byDate.set(o.date, { date: o.date, name: o.reason, kind: 'bridge' });
    }
  }
  const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year, days };
}

export interface CalendarSource {
  version: string;
  years: CalendarYearData[];
  overrides?: readonly CalendarOverride[];
  officeHours?: OfficeHours;
}

/**
 * Builds a calendar from stored years; a year the data does not cover falls back to the statutory
 * rules (so a due date in 2032 is still sensible), and the override list always wins.
 */
export function calendarFromYears(source: CalendarSource): WorkingCalendar {
  const off = new Set<number>();
  const on = new Set<number>();
  const covered = new Set(source.years.map((y) => y.year));
  const apply = (days: CalendarDay[]) => {
    for (const d of days) {
      const n = dayFromIso(d.date);
      if (d.kind === 'make-up') on.add(n);
      else off.add(n);
    }
  };
  for (const y of source.years) apply(y.days);
  const ruleYears = new Set<number>();
  const overrideOff = new Set<number>();
  const overrideOn = new Set<number>();
  for (const o of source.overrides ?? []) (o.working ? overrideOn : overrideOff).add(dayFromIso(o.date));
  officeHoursCheck(source.officeHours ?? defaultOfficeHours);
  return {
    version: source.version,
    officeHours: source.officeHours ?? defaultOfficeHours,
    isWorkingDay(day: number): boolean {
      if (overrideOn.has(day)) return true;
      if (overrideOff.has(day)) return false;
      const year = ymdFromDay(day).year;
      if (!covered.has(year) && !ruleYears.has(year)) {
        ruleYears.add(year);
        apply(calendarYearCompute(year, []).days);
      }
      if (on.has(day)) return true;
      if (off.has(day)) return false;
      return !isWeekend(day);
    },
  };
}

export interface CalendarLists {
  version: string;
  nonWorkingDays: IsoDate[];
  workingDays: IsoDate[];
}

/** The CLI's simple file: weekends are off unless listed in workingDays; nothing else is assumed. */
export function calendarFromLists(lists: CalendarLists): WorkingCalendar {
  const off = new Set(lists.nonWorkingDays.map(dayFromIso));
  const on = new Set(lists.workingDays.map(dayFromIso));
  return {
    version: lists.version,
    officeHours: defaultOfficeHours,
    isWorkingDay: (day) => (on.has(day) ? true : off.has(day) ? false : !isWeekend(day)),
  };
}

export interface CalendarYearSummary {
  year: number;
  nonWorkingWeekdays: IsoDate[];
  workingWeekendDays: IsoDate[];
}

export function calendarYearSummary(cal: WorkingCalendar, year: number): CalendarYearSummary {
  const nonWorkingWeekdays: IsoDate[] = [];
  const workingWeekendDays: IsoDate[] = [];
  const end = dayFromIso(`${year}-12-31`);
  for (let d = dayFromIso(`${year}-01-01`); d <= end; d++) {
    const working = cal.isWorkingDay(d);
    if (isWeekend(d) && working) workingWeekendDays.push(isoFromDay(d));
    if (!isWeekend(d) && !working) nonWorkingWeekdays.push(isoFromDay(d));
  }
  return { year, nonWorkingWeekdays, workingWeekendDays };
}

/** Office periods as [start, end) milliseconds of the day, validated (ordered, non-empty). */
export function officePeriodsMs(hours: OfficeHours): Array<[number, number]> {
  return hours.periods.map((p) => [hhmmParse(p.from), hhmmParse(p.to)] as [number, number]);
}

function officeHoursCheck(hours: OfficeHours): void {
  const periods = officePeriodsMs(hours);
  let last = -1;
  for (const [a, b] of periods) {
    if (a >= b || a < last) throw new AppError('validation-failed', 'Giờ làm việc không hợp lệ (các khoảng phải tăng dần)', { hours });
    last = b;
  }
  if (periods.length === 0) throw new AppError('validation-failed', 'Chưa khai báo giờ làm việc', { hours });
}
