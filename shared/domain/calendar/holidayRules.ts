import { hungKingsDay, tetDay } from '../lunar/vietLunar.js';
import { dayFromYmd, isoFromDay, isWeekend, weekdayOfDay, type IsoDate } from '../time/vnTime.js';

// Public holidays of Labour Code 2019 Art. 112 (+ Resolution 28/2026/QH16: 24/11 Vietnam Culture Day
// from 2026), and the substitute day off of Art. 112(3): a holiday that falls on the weekly day off is
// taken on the next working day. The exact Tết days and the day adjacent to 2/9 are chosen by the
// Prime Minister each year; these rules give a default that announced changes (announced.ts and the
// supervisor's override list) then correct.

export type CalendarDayKind = 'holiday' | 'substitute' | 'bridge' | 'make-up';

export interface CalendarDay {
  date: IsoDate;
  name: string;
  /** holiday/substitute/bridge = day off; make-up = a weekend day worked (ngày làm bù). */
  kind: CalendarDayKind;
}

interface Holiday {
  day: number;
  name: string;
}

/** 2/9 plus one adjacent day: prefer a weekday that joins the break to a weekend, else 3/9. */
function nationalDayAdjacent(year: number): number {
  const d2 = dayFromYmd(year, 9, 2);
  const before = d2 - 1;
  const after = d2 + 1;
  const joinsWeekend = (d: number) => !isWeekend(d) && (isWeekend(d - 1) || isWeekend(d + 1));
  if (joinsWeekend(before) && !joinsWeekend(after)) return before;
  if (joinsWeekend(after)) return after;
  if (!isWeekend(after)) return after;
  return isWeekend(before) ? after : before;
}

/** The statutory holidays of a year, including those that fall on a weekend. */
export function statutoryHolidays(year: number): Holiday[] {
  const tet = tetDay(year);
  const list: Holiday[] = [
    { day: dayFromYmd(year, 1, 1), name: 'Tết Dương lịch' },
    { day: tet - 1, name: 'Tết Nguyên đán (ngày cuối năm âm lịch)' },
    { day: tet, name: 'Tết Nguyên đán (mùng 1)' },
    { day: tet + 1, name: 'Tết Nguyên đán (mùng 2)' },
    { day: tet + 2, name: 'Tết Nguyên đán (mùng 3)' },
    { day: tet + 3, name: 'Tết Nguyên đán (mùng 4)' },
    { day: hungKingsDay(year), name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { day: dayFromYmd(year, 4, 30), name: 'Ngày Chiến thắng' },
    { day: dayFromYmd(year, 5, 1), name: 'Ngày Quốc tế lao động' },
    { day: dayFromYmd(year, 9, 2), name: 'Quốc khánh' },
    { day: nationalDayAdjacent(year), name: 'Quốc khánh (ngày liền kề)' },
  ];
  if (year >= 2026) list.push({ day: dayFromYmd(year, 11, 24), name: 'Ngày Văn hóa Việt Nam' });
  return list.sort((a, b) => a.day - b.day);
}

/** Holidays plus their substitute days (Art. 112(3)), as calendar days. */
export function holidayDaysByRule(year: number): CalendarDay[] {
  const holidays = statutoryHolidays(year);
  const taken = new Set(holidays.map((h) => h.day));
  const out: CalendarDay[] = holidays.map((h) => ({ date: isoFromDay(h.day), name: h.name, kind: 'holiday' }));
  for (const h of holidays) {
    if (!isWeekend(h.day)) continue;
    let d = h.day + 1;
    while (isWeekend(d) || taken.has(d)) d++;
    taken.add(d);
    out.push({ date: isoFromDay(d), name: `Nghỉ bù ${h.name}`, kind: 'substitute' });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export { weekdayOfDay };
