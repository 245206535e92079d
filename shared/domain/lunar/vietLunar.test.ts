import { describe, expect, it } from 'vitest';
import { isoFromDay } from '../time/vnTime.js';
import { hungKingsDay, lunarFromDay, lunarFromSolar, solarDayFromLunar, tetDay, tetIso } from './vietLunar.js';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    // The issue lists 3/2/2030, which is the Chinese (UTC+8) date: the new moon is at about 23:07 on
    // 2/2 in Vietnam and 00:07 on 3/2 in China, so the Vietnamese Tết Canh Tuất is Saturday 2/2/2030.
    [2030, '2030-02-02'],
    [2031, '2031-01-23'],
  ])('Tết %i is %s', (year, iso) => {
    expect(tetIso(year)).toBe(iso);
  });

  it('differs from the Chinese (UTC+8) calendar where the new moon falls near midnight', () => {
    // Vietnam celebrated Tết on 17/02/2007 and 21/01/1985; China on 18/02/2007 and 20/02/1985.
    expect(tetIso(2007)).toBe('2007-02-17');
    expect(tetIso(2007, 8)).toBe('2007-02-18');
    expect(tetIso(1985)).toBe('1985-01-21');
    expect(tetIso(1985, 8)).toBe('1985-02-20');
    expect(tetIso(2030, 8)).toBe('2030-02-03');
    expect(tetIso(1968)).toBe('1968-01-29');
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('Giỗ Tổ Hùng Vương %i is %s', (year, iso) => {
    expect(isoFromDay(hungKingsDay(year))).toBe(iso);
  });

  it('round-trips solar → lunar → solar for every day of 2020–2032', () => {
    const start = tetDay(2020) - 40;
    for (let d = start; d < start + 365 * 12; d++) {
      const iso = isoFromDay(d);
      const [y, m, dd] = iso.split('-').map(Number) as [number, number, number];
      const lunar = lunarFromSolar(dd, m, y);
      expect(solarDayFromLunar(lunar)).toBe(d);
    }
  });

  it.each([
    [1984, 7, []],
    [1984, 8, [10]],
    [1987, 7, [7]],
    [1987, 8, [6]],
    [2025, 7, [6]],
    [2028, 7, [5]],
  ])('leap months of lunar year %i at UTC+%i: %j (Vietnam differs from China in 1984 and 1987)', (year, tz, expected) => {
    const leaps = new Set<number>();
    for (let d = tetDay(year, tz); d < tetDay(year + 1, tz); d++) {
      const l = lunarFromDay(d, tz);
      if (l.leap) leaps.add(l.month);
    }
    expect([...leaps]).toEqual(expected);
  });

  it('finds the leap month 2/2023 (tháng 2 nhuận) and refuses a non-existent leap month', () => {
    expect(lunarFromSolar(22, 3, 2023)).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarDayFromLunar({ day: 1, month: 5, year: 2023, leap: true })).toBeNull();
  });
});
