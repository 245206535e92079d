import { announcedOverrides } from '../calendar/announced.js';
import { BUILT_IN_CALENDAR_VERSION, builtInCalendarYears } from '../calendar/builtIn.js';
import { defaultOfficeHours } from '../calendar/workingCalendar.js';
import type { CalendarPack } from './calendarPack.js';
import { defaultStatusMapping, type StatusMappingPack } from './statusMappingPack.js';

/** The packs build/rulepacksGenerate.ts writes, by file name (pure, so a test can compare). */
export function generatedRulePacks(): Record<string, CalendarPack | StatusMappingPack> {
  const calendar: CalendarPack = {
    kind: 'calendar',
    version: BUILT_IN_CALENDAR_VERSION,
    validFrom: '2024-01-01',
    validTo: '2032-01-01',
    sample: true,
    source:
      'Bộ luật Lao động 2019 Điều 112; Nghị quyết 28/2026/QH16 (24/11); âm lịch Việt Nam UTC+7 (Hồ Ngọc Đức); thông báo nghỉ lễ của công chức 2024–2026. Các năm 2027–2031 theo quy tắc mặc định, cần cập nhật khi có thông báo.',
    officeHours: defaultOfficeHours,
    years: builtInCalendarYears(),
    // Announcements are already folded into `years`; the list stays for the supervisor to edit.
    overrides: announcedOverrides.map((o) => ({ ...o })),
  };
  return { 'calendar-2024-2031.json': calendar, 'status-mapping.json': defaultStatusMapping };
}
