import type { CalendarOverride } from './workingCalendar.js';

// Changes the Ministry of Home Affairs / Prime Minister announced for civil servants (công chức,
// viên chức) on top of the statutory rules: bridge days (hoán đổi), chosen Tết days, make-up Saturdays
// (làm bù). Only announcements named in the domain brief or widely published are listed; the
// supervisor adds each new year's notice to the override list of the calendar rule pack.
export const announcedOverrides: CalendarOverride[] = [
  // Tết Giáp Thìn 2024: off Thu 08/02 – Wed 14/02 (29 Tết – mùng 5).
  { date: '2024-02-08', working: false, reason: 'Nghỉ Tết Nguyên đán 2024 theo thông báo (29 Tết)', source: 'Thông báo Bộ LĐ-TB-XH/Bộ Nội vụ 2024 [S]' },
  { date: '2024-02-15', working: true, reason: 'Tết 2024 kết thúc ngày 14/02', source: 'Thông báo Bộ LĐ-TB-XH/Bộ Nội vụ 2024 [S]' },
  // 30/4–1/5/2024: Mon 29/04 off, swapped with Sat 04/05.
  { date: '2024-04-29', working: false, reason: 'Hoán đổi ngày làm việc dịp 30/4–1/5/2024', source: 'Thông báo 2024 [S]' },
  { date: '2024-05-04', working: true, reason: 'Làm bù cho thứ Hai 29/4/2024', source: 'Thông báo 2024 [S]' },
  // Tết Ất Tỵ 2025: off Sat 25/01 – Sun 02/02 (domain brief §6.1).
  { date: '2025-01-27', working: false, reason: 'Nghỉ Tết Nguyên đán 2025 (25/01–02/02)', source: 'one-stop.md §6.1 [S]' },
  { date: '2025-02-03', working: true, reason: 'Tết 2025 kết thúc ngày 02/02', source: 'one-stop.md §6.1 [S]' },
  // 30/4–1/5/2025: Fri 02/05 off, swapped with Sat 26/04.
  { date: '2025-05-02', working: false, reason: 'Hoán đổi ngày làm việc dịp 30/4–1/5/2025', source: 'Thông báo 2025 [S]' },
  { date: '2025-04-26', working: true, reason: 'Làm bù cho thứ Sáu 02/5/2025', source: 'Thông báo 2025 [S]' },
];
