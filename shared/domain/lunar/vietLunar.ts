import { dayFromYmd, isoFromDay, ymdFromDay, type IsoDate } from '../time/vnTime.js';

// The Vietnamese lunar calendar (âm lịch) by Hồ Ngọc Đức's astronomical method: a month starts on
// the day (at the given zone) that holds the new moon; month 11 holds the winter solstice; in a
// 13-month year the first month after month 11 without a major solar term (trung khí) is the leap
// month. Computed at UTC+7, which is why Tết differs from the Chinese (UTC+8) date in some years
// (e.g. 1985, 2007). New moon: Meeus-style series; sun longitude: low-precision VSOP terms.

export const VN_TIME_ZONE_HOURS = 7;

const INT = Math.floor;
const PI = Math.PI;
const DR = PI / 180;

/** Julian day number of a proleptic Gregorian date. */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

// JD 2440588 = 1970-01-01, our day number 0.
const JD_EPOCH = 2440588;

export function jdToDay(jd: number): number {
  return jd - JD_EPOCH;
}

/** Julian day (fractional, TT≈UT) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  c1 -= 0.0004 * Math.sin(DR * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  const deltat =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltat;
}

/** Sun's apparent longitude in radians, [0, 2π), at a fractional Julian day. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let dl = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  dl = dl + (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  let L = (L0 + dl) * DR;
  L -= PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Sector 0..11 (30° each) of the sun's longitude at local midnight starting day `dayNumber` (JD). */
function sunSector(jdDay: number, tz: number): number {
  return INT((sunLongitude(jdDay - 0.5 - tz / 24) / PI) * 6);
}

/** Julian day number of the local day holding the k-th new moon. */
function newMoonDay(k: number, tz: number): number {
  return INT(newMoon(k) + 0.5 + tz / 24);
}

/** JD of the first day of lunar month 11 (the month holding the winter solstice) of solar year yy. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, tz);
  if (sunSector(nm, tz) >= 9) nm = newMoonDay(k - 1, tz);
  return nm;
}

/** Offset (in months after month 11) of the leap month in a 13-month lunar year starting at a11. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

export function lunarFromSolar(dd: number, mm: number, yy: number, tz = VN_TIME_ZONE_HOURS): LunarDate {
  const dayNumber = jdFromDate(dd, mm, yy);
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: lunarDay, month: lunarMonth, year: lunarYear, leap };
}

/** Solar day number (days since 1970-01-01) of a lunar date, or null if that leap month does not exist. */
export function solarDayFromLunar(lunar: LunarDate, tz = VN_TIME_ZONE_HOURS): number | null {
  const { day, month, year, leap } = lunar;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  return jdToDay(newMoonDay(k + off, tz) + day - 1);
}

export function lunarFromDay(n: number, tz = VN_TIME_ZONE_HOURS): LunarDate {
  const { year, month, day } = ymdFromDay(n);
  return lunarFromSolar(day, month, year, tz);
}

function mustDay(lunar: LunarDate, tz: number): number {
  const d = solarDayFromLunar(lunar, tz);
  if (d === null) throw new Error(`lunar date does not exist: ${JSON.stringify(lunar)}`);
  return d;
}

/** Day number of Tết Nguyên đán (1/1 lunar) falling in solar year `year`. */
export function tetDay(year: number, tz = VN_TIME_ZONE_HOURS): number {
  return mustDay({ day: 1, month: 1, year, leap: false }, tz);
}

/** Day number of Giỗ Tổ Hùng Vương (10/3 lunar, the ordinary month 3) of solar year `year`. */
export function hungKingsDay(year: number, tz = VN_TIME_ZONE_HOURS): number {
  return mustDay({ day: 10, month: 3, year, leap: false }, tz);
}

export function tetIso(year: number, tz = VN_TIME_ZONE_HOURS): IsoDate {
  return isoFromDay(tetDay(year, tz));
}

export { dayFromYmd };
