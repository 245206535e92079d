import { z } from 'zod';
import { calendarFromLists, calendarFromYears, type WorkingCalendar } from '../calendar/workingCalendar.js';
import { hhmmSchema, isoDateSchema, packHeaderShape } from './common.js';

// Holiday and working-day calendar pack (§6.1). `years` is what the rules + announcements produced;
// `overrides` is the supervisor's editable list (bridge days, make-up Saturdays, storms) and wins.

export const calendarOverrideSchema = z.object({
  date: isoDateSchema,
  working: z.boolean(),
  reason: z.string().min(1).max(300),
  source: z.string().max(300).optional(),
});

export const calendarPackSchema = z.object({
  kind: z.literal('calendar'),
  ...packHeaderShape,
  officeHours: z.object({ periods: z.array(z.object({ from: hhmmSchema, to: hhmmSchema })).min(1) }).optional(),
  years: z.array(
    z.object({
      year: z.number().int().min(1900).max(2199),
      days: z.array(
        z.object({ date: isoDateSchema, name: z.string(), kind: z.enum(['holiday', 'substitute', 'bridge', 'make-up']) }),
      ),
    }),
  ),
  overrides: z.array(calendarOverrideSchema).default([]),
});
export type CalendarPack = z.infer<typeof calendarPackSchema>;

export function calendarFromPack(pack: CalendarPack): WorkingCalendar {
  return calendarFromYears({
    version: pack.version,
    years: pack.years,
    overrides: pack.overrides,
    ...(pack.officeHours ? { officeHours: pack.officeHours } : {}),
  });
}

/** The simple exchange file of the CLI: weekends are off unless listed as working. */
export const calendarListsSchema = z.object({
  version: z.string().min(1),
  nonWorkingDays: z.array(isoDateSchema),
  workingDays: z.array(isoDateSchema).default([]),
});
export type CalendarListsFile = z.infer<typeof calendarListsSchema>;

export function calendarFromListsFile(file: CalendarListsFile): WorkingCalendar {
  return calendarFromLists(file);
}
