import { AppError } from '../../contract/errors.js';

// Every legal time in this app is Vietnam civil time (Asia/Ho_Chi_Minh, UTC+07:00, no DST since 1975).
// We never ask the process time zone: an instant is epoch milliseconds, and its wall time is read by
// shifting it +7 h and using the UTC accessors. A calendar day is a "day number" (days since 1970-01-01).

export const VN_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' (a calendar date in Vietnam). */
export type IsoDate = string;

export interface VnWall {
  /** Day number: days since 1970-01-01 (Vietnam date). */
  day: number;
  /** Milliseconds since local midnight. */
  msOfDay: number;
}

const isoDateRe = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayFromYmd(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function dayFromIso(date: IsoDate): number {
  const m = isoDateRe.exec(date);
  if (!m) throw new AppError('validation-failed', `Ngày không hợp lệ: "${date}" (cần YYYY-MM-DD)`, { date });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayFromYmd(y, mo, d);
  const back = ymdFromDay(n);
  if (back.year !== y || back.month !== mo || back.day !== d) {
    throw new AppError('validation-failed', `Ngày không tồn tại: "${date}"`, { date });
  }
  return n;
}

export function ymdFromDay(n: number): { year: number; month: number; day: number } {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isoFromDay(n: number): IsoDate {
  const { year, month, day } = ymdFromDay(n);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function isWeekend(n: number): boolean {
  const w = weekdayOfDay(n);
  return w === 0 || w === 6;
}

export function vnWall(ms: number): VnWall {
  const local = ms + VN_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, msOfDay: local - day * DAY_MS };
}

export function vnInstant(day: number, msOfDay: number): number {
  return day * DAY_MS + msOfDay - VN_OFFSET_MS;
}

/** Formats an instant as ISO-8601 in Vietnam time, e.g. 2026-02-23T10:00:00+07:00. */
export function vnIsoFormat(ms: number): string {
  const { day, msOfDay } = vnWall(ms);
  const s = Math.floor(msOfDay / 1000);
  return `${isoFromDay(day)}T${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}+07:00`;
}

const isoInstantRe = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses ISO-8601 with an explicit offset (Z or ±HH:MM); a bare local time is refused, never guessed. */
export function isoInstantParse(text: string): number {
  const m = isoInstantRe.exec(text.trim());
  if (!m) {
    throw new AppError('validation-failed', `Thời điểm không hợp lệ: "${text}" (cần ISO-8601 có múi giờ, ví dụ 2026-02-13T10:00:00+07:00)`, { text });
  }
  const day = dayFromIso(m[1] as string);
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? '0')];
  if (h > 23 || mi > 59 || s > 59) throw new AppError('validation-failed', `Giờ không hợp lệ: "${text}"`, { text });
  const frac = m[5] ? Math.floor(Number(`0.${m[5]}`) * 1000) : 0;
  const tz = m[6] as string;
  let offsetMs = 0;
  if (tz !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return day * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + frac - offsetMs;
}

/** 'HH:MM' → milliseconds since midnight. */
export function hhmmParse(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    throw new AppError('validation-failed', `Giờ không hợp lệ: "${text}" (cần HH:MM)`, { text });
  }
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** National sync format yyyyMMddHHmmss, read as Vietnam time. */
export function compactInstantParse(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new AppError('validation-failed', `Thời điểm không hợp lệ: "${text}" (cần yyyyMMddHHmmss)`, { text });
  const day = dayFromIso(`${m[1]}-${m[2]}-${m[3]}`);
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || mi > 59 || s > 59) throw new AppError('validation-failed', `Giờ không hợp lệ: "${text}"`, { text });
  return vnInstant(day, ((h * 60 + mi) * 60 + s) * 1000);
}
