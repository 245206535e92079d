import { z } from 'zod';
import { command } from './define.js';

// Trusted time at an offline counter: what is wrong with this PC's clock, and a supervisor's
// override (recorded with its reason) when the clock cannot be fixed at once.

export const clockStatusSchema = z.object({
  trusted: z.boolean(),
  problems: z.array(z.object({ code: z.string(), message: z.string(), fix: z.string() })),
  pcNow: z.string(),
  timeZone: z.string(),
  offsetMs: z.number().nullable(),
  measuredAt: z.string().nullable(),
  override: z.object({ userId: z.string(), userName: z.string(), reason: z.string(), at: z.string(), until: z.string() }).nullable(),
});
export type ClockStatus = z.infer<typeof clockStatusSchema>;

export const clockCommands = {
  'clock:status': command({ summary: 'Is this PC clock trusted for legal records, and why not', args: z.object({}), result: clockStatusSchema }),
  'clock:override': command({
    summary: 'A supervisor lets the counter work on with an untrusted clock for a few hours, with a reason',
    args: z.object({ username: z.string().min(1), password: z.string().min(1), reason: z.string().trim().min(10, 'Ghi rõ lý do (ít nhất 10 ký tự)') }),
    result: clockStatusSchema,
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
    audit: true,
  }),
} as const;
