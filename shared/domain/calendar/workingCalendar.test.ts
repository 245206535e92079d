import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../time/vnTime.js';
import { builtInCalendar } from './builtIn.js';
import { holidayDaysByRule } from './holidayRules.js';
import { calendarFromLists, calendarFromYears, calendarYearCompute, calendarYearSummary } from './workingCalendar.js';

const cal = builtInCalendar();
const working = (iso: string) => cal.isWorkingDay(dayFromIso(iso));

describe('built-in working calendar', () => {
  it('matches the announced civil-service Tết 2026 (Mon 16/02 – Fri 20/02)', () => {
    expect(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map(working)).toEqual([false, false, false, false, false]);
    expect(working('2026-02-13')).toBe(true);
    expect(working('2026-02-23')).toBe(true);
  });

  it('gives Giỗ Tổ 2026 (Sunday 26/04) its substitute on Monday 27/04', () => {
    expect(working('2026-04-27')).toBe(false);
    expect(holidayDaysByRule(2026).find((d) => d.date === '2026-04-27')?.kind).toBe('substitute');
  });

  it('has 24/11 as a holiday from 2026 only', () => {
    expect(working('2025-11-24')).toBe(true);
    expect(working('2026-11-24')).toBe(false);
    expect(working('2027-11-24')).toBe(false);
  });

  it('keeps the 2024 and 2025 announced swaps (bridge day off + make-up Saturday)', () => {
    expect(working('2024-04-29')).toBe(false);
    expect(working('2024-05-04')).toBe(true);
    expect(working('2025-05-02')).toBe(false);
    expect(working('2025-04-26')).toBe(true);
    expect(working('2025-01-27')).toBe(false);
    expect(working('2025-02-03')).toBe(true);
  });

  it('takes 2/9 with an adjacent day (2025: Mon 1/9 + Tue 2/9)', () => {
    expect(calendarYearSummary(cal, 2025).nonWorkingWeekdays).toEqual(
      expect.arrayContaining(['2025-09-01', '2025-09-02']),
    );
    expect(working('2025-09-03')).toBe(true);
  });

  it('gives every year 2024–2031 the 11–12 statutory weekdays off', () => {
    for (let y = 2024; y <= 2031; y++) {
      const n = calendarYearSummary(cal, y).nonWorkingWeekdays.length;
      expect(n).toBeGreaterThanOrEqual(y >= 2026 ? 12 : 11);
      expect(n).toBeLessThanOrEqual(13);
    }
  });

  it('falls back to the statutory rules for a year outside the data', () => {
    const empty = calendarFromYears({ version: 't', years: [] });
    expect(empty.isWorkingDay(dayFromIso('2032-01-01'))).toBe(false);
    expect(empty.isWorkingDay(dayFromIso('2032-01-02'))).toBe(true);
  });

  it('lets a supervisor override win over data and rules', () => {
    const c = calendarFromYears({
      version: 't',
      years: [calendarYearCompute(2027, [])],
      overrides: [
        { date: '2027-01-01', working: true, reason: 'thử' },
        { date: '2027-03-05', working: false, reason: 'nghỉ bão' },
      ],
    });
    expect(c.isWorkingDay(dayFromIso('2027-01-01'))).toBe(true);
    expect(c.isWorkingDay(dayFromIso('2027-03-05'))).toBe(false);
  });

  it('reads the simple list format (weekends off unless listed)', () => {
    const c = calendarFromLists({ version: 'x', nonWorkingDays: ['2026-03-02'], workingDays: ['2026-03-07'] });
    expect(c.isWorkingDay(dayFromIso('2026-03-02'))).toBe(false);
    expect(c.isWorkingDay(dayFromIso('2026-03-07'))).toBe(true);
    expect(c.isWorkingDay(dayFromIso('2026-03-08'))).toBe(false);
  });
});
