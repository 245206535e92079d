import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInCalendar } from '../calendar/builtIn.js';
import { isoInstantParse, vnIsoFormat, vnWall } from '../time/vnTime.js';
import { dueDateCompute, dueDateComputeWithPauses, durationUnits, stepDueDates, type DurationUnit } from './dueDate.js';

const cal = builtInCalendar();
const due = (received: string, value: number, unit: DurationUnit, extra: { sameDay?: boolean; cutoff?: string } = {}) =>
  vnIsoFormat(dueDateCompute({ receivedAt: isoInstantParse(received), duration: { value, unit }, ...extra }, cal));

describe('due dates (§6.2) on the built-in calendar', () => {
  it.each([
    ['Tết 2024 (8–14/02)', '2024-02-07T14:00:00+07:00', 1, '2024-02-15T14:00:00+07:00'],
    ['Tết 2025 (25/01–02/02)', '2025-01-24T09:30:00+07:00', 2, '2025-02-04T09:30:00+07:00'],
    ['Tết 2026 (16–20/02)', '2026-02-13T10:00:00+07:00', 3, '2026-02-25T10:00:00+07:00'],
    ['Tết 2027 (05–11/02)', '2027-02-04T08:00:00+07:00', 1, '2027-02-12T08:00:00+07:00'],
    ['Tết 2030 (Vietnamese 2/2)', '2030-01-31T10:00:00+07:00', 1, '2030-02-08T10:00:00+07:00'],
    ['30/4–1/5/2025 with bridge 2/5', '2025-04-29T10:00:00+07:00', 1, '2025-05-05T10:00:00+07:00'],
    ['30/4–1/5/2026 (Thu–Fri)', '2026-04-29T15:00:00+07:00', 1, '2026-05-04T15:00:00+07:00'],
    ['make-up Saturday 26/04/2025 counts', '2025-04-25T10:00:00+07:00', 1, '2025-04-26T10:00:00+07:00'],
    ['2/9/2025 + adjacent Monday 1/9', '2025-08-29T10:00:00+07:00', 1, '2025-09-03T10:00:00+07:00'],
    ['2/9/2026 + adjacent Thursday 3/9', '2026-09-01T10:00:00+07:00', 1, '2026-09-04T10:00:00+07:00'],
    ['24/11/2026 Vietnam Culture Day', '2026-11-23T10:00:00+07:00', 1, '2026-11-25T10:00:00+07:00'],
    ['24/11/2025 is still a working day', '2025-11-21T10:00:00+07:00', 1, '2025-11-24T10:00:00+07:00'],
    ['Giỗ Tổ 2026 substitute Monday 27/4', '2026-04-24T10:00:00+07:00', 1, '2026-04-28T10:00:00+07:00'],
    ['received on a Saturday counts from Sunday', '2026-03-07T10:00:00+07:00', 1, '2026-03-09T10:00:00+07:00'],
    ['15 working days across 27/4 (substitute) and 30/4–1/5', '2026-04-20T08:00:00+07:00', 15, '2026-05-14T08:00:00+07:00'],
  ])('working days: %s', (_label, received, n, expected) => {
    expect(due(received, n, 'working-days')).toBe(expected);
  });

  it.each([
    ['before cut-off', '2026-03-02T14:59:00+07:00', '2026-03-02T17:30:00+07:00'],
    ['exactly at cut-off', '2026-03-02T15:00:00+07:00', '2026-03-02T17:30:00+07:00'],
    ['after cut-off', '2026-03-02T15:01:00+07:00', '2026-03-03T17:30:00+07:00'],
    ['after cut-off before Tết 2026', '2026-02-13T15:30:00+07:00', '2026-02-23T17:30:00+07:00'],
    ['received on a Saturday', '2026-03-07T09:00:00+07:00', '2026-03-09T17:30:00+07:00'],
  ])('same-day with 15:00 cut-off: %s', (_label, received, expected) => {
    expect(due(received, 0, 'working-days', { sameDay: true, cutoff: '15:00' })).toBe(expected);
  });

  it('same-day without a cut-off is due at close of the same day', () => {
    expect(due('2026-03-02T16:30:00+07:00', 1, 'days', { sameDay: true })).toBe('2026-03-02T17:30:00+07:00');
  });

  it.each([
    ['31/01 + 1 month → 28/02 (Sat) → Mon 02/03', '2026-01-31T10:00:00+07:00', 1, '2026-03-02T10:00:00+07:00'],
    ['15/01 + 1 month → 15/02 (Sun) → after Tết', '2026-01-15T10:00:00+07:00', 1, '2026-02-23T10:00:00+07:00'],
    ['30/11/2027 + 3 months → 29/02/2028 (leap)', '2027-11-30T10:00:00+07:00', 3, '2028-02-29T10:00:00+07:00'],
  ])('months: %s', (_label, received, n, expected) => {
    expect(due(received, n, 'months')).toBe(expected);
  });

  it('calendar days start the next day and move off a holiday', () => {
    expect(due('2026-02-13T10:00:00+07:00', 3, 'days')).toBe('2026-02-23T10:00:00+07:00');
    expect(due('2026-03-02T10:00:00+07:00', 3, 'days')).toBe('2026-03-05T10:00:00+07:00');
  });

  it('hours count office hours only (07:30–11:30, 13:30–17:30)', () => {
    expect(due('2026-03-02T10:00:00+07:00', 4, 'hours')).toBe('2026-03-02T16:00:00+07:00');
    expect(due('2026-03-02T16:00:00+07:00', 8, 'hours')).toBe('2026-03-03T16:00:00+07:00');
    expect(due('2026-02-13T16:30:00+07:00', 2, 'hours')).toBe('2026-02-23T08:30:00+07:00');
  });

  it('excludes supplement time: a pause of 2 working days moves the due date 2 working days', () => {
    const input = { receivedAt: isoInstantParse('2026-03-02T10:00:00+07:00'), duration: { value: 5, unit: 'working-days' as const } };
    expect(vnIsoFormat(dueDateCompute(input, cal))).toBe('2026-03-09T10:00:00+07:00');
    const pause = { from: isoInstantParse('2026-03-04T09:00:00+07:00'), to: isoInstantParse('2026-03-06T14:00:00+07:00') };
    expect(vnIsoFormat(dueDateComputeWithPauses(input, [pause], cal))).toBe('2026-03-11T10:00:00+07:00');
    const overTet = { from: isoInstantParse('2026-02-12T09:00:00+07:00'), to: isoInstantParse('2026-02-24T09:00:00+07:00') };
    // 13/02, 23/02, 24/02 are the working days lost.
    expect(vnIsoFormat(dueDateComputeWithPauses(input, [overTet], cal))).toBe('2026-03-12T10:00:00+07:00');
  });

  it('accepts any offset and answers in +07:00 (process time zone independence: cli/commands/dueDate.test.ts)', () => {
    expect(due('2026-03-02T03:00:00Z', 1, 'working-days')).toBe('2026-03-03T10:00:00+07:00');
    expect(due('2026-03-01T22:00:00-05:00', 1, 'working-days')).toBe('2026-03-03T10:00:00+07:00');
  });

  it('computes per-step due dates of a step plan', () => {
    const steps = [
      { name: 'Tiếp nhận', duration: { value: 0, unit: 'working-days' as const } },
      { name: 'Thẩm định', duration: { value: 2, unit: 'working-days' as const } },
      { name: 'Phê duyệt', duration: { value: 1, unit: 'working-days' as const } },
    ];
    const got = stepDueDates(isoInstantParse('2026-02-12T10:00:00+07:00'), steps, cal).map(vnIsoFormat);
    expect(got).toEqual(['2026-02-12T10:00:00+07:00', '2026-02-23T10:00:00+07:00', '2026-02-24T10:00:00+07:00']);
  });

  it('never puts a due date on a non-working day (property)', () => {
    const from = isoInstantParse('2024-01-01T00:00:00+07:00');
    const to = isoInstantParse('2031-10-01T00:00:00+07:00');
    fc.assert(
      fc.property(
        fc.integer({ min: from, max: to }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(...durationUnits),
        fc.boolean(),
        fc.option(fc.constantFrom('11:00', '15:00', '16:30'), { nil: undefined }),
        (receivedAt, value, unit, sameDay, cutoff) => {
          const at = dueDateCompute({ receivedAt, duration: { value: unit === 'months' ? value % 13 : value, unit }, sameDay, cutoff }, cal);
          expect(cal.isWorkingDay(vnWall(at).day)).toBe(true);
          expect(at).toBeGreaterThanOrEqual(receivedAt - 86_400_000);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
