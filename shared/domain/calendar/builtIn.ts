import { announcedOverrides } from './announced.js';
import { calendarFromYears, calendarYearCompute, type CalendarYearData, type WorkingCalendar } from './workingCalendar.js';

// The calendar compiled into the app: statutory rules + announced changes for 2024–2031. The rule
// pack under resources/rulepacks/ is generated from exactly this (build/rulepacksGenerate.ts).
export const BUILT_IN_CALENDAR_VERSION = 'vn-calendar-2024-2031.1';
export const BUILT_IN_YEARS = { from: 2024, to: 2031 } as const;

export function builtInCalendarYears(): CalendarYearData[] {
  const years: CalendarYearData[] = [];
  for (let y = BUILT_IN_YEARS.from; y <= BUILT_IN_YEARS.to; y++) years.push(calendarYearCompute(y, announcedOverrides));
  return years;
}

let cached: WorkingCalendar | undefined;

export function builtInCalendar(): WorkingCalendar {
  cached ??= calendarFromYears({ version: BUILT_IN_CALENDAR_VERSION, years: builtInCalendarYears() });
  return cached;
}
