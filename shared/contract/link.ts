import { z } from 'zod';
import { command, event } from './define.js';

// Whether the provincial server answers, measured by the main process (it owns the network):
// "online" in the status bar means the province is reachable, not merely that a cable is in.

export const linkStatusSchema = z.object({
  online: z.boolean(),
  checkedAt: z.string().nullable(),
  /** Server clock minus PC clock, round-trip corrected, at the last contact. */
  offsetMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type LinkStatus = z.infer<typeof linkStatusSchema>;

export const linkCommands = {
  'link:status': command({ summary: 'Is the provincial server reachable (last check)', args: z.object({}), result: linkStatusSchema }),
  'link:check': command({ summary: 'Check the provincial server now', args: z.object({}), result: linkStatusSchema }),
} as const;

export const linkEvents = {
  'link:changed': event({ summary: 'The provincial server became reachable or unreachable', payload: linkStatusSchema }),
} as const;
