import { z } from 'zod';
import { command } from './define.js';

// "Has every counter uploaded?" Each workstation tells the provincial server, after it syncs,
// how many of its changes the server has not acknowledged; the supervisor's end of day reads
// the reports of its units. The rows alone cannot say it: a counter that never connected left none.

const staff = ['clerk', 'postal', 'supervisor', 'admin'] as const;

/** The workstation's clock against the server's, and a supervisor's override in force (issue 12). */
export const workstationClockSchema = z
  .object({
    trusted: z.boolean(),
    offsetMs: z.number().int().nullable(),
    measuredAt: z.string().max(40).nullable(),
    override: z.object({ userName: z.string().max(120), reason: z.string().max(500), at: z.string().max(40), until: z.string().max(40) }).strict().nullable(),
  })
  .strict();
export type WorkstationClock = z.infer<typeof workstationClockSchema>;

/** What a workstation sends (the server adds who and when). */
export const workstationReportBodySchema = z
  .object({
    workstationId: z.string().regex(/^[\w.:-]{1,128}$/),
    workstationName: z.string().trim().min(1).max(80),
    unitCode: z.string().trim().min(1).max(64),
    pending: z.number().int().min(0).max(10_000_000),
    clock: workstationClockSchema.nullable().default(null),
  })
  .strict();
export type WorkstationReportBody = z.infer<typeof workstationReportBodySchema>;

export const workstationReportSchema = workstationReportBodySchema.extend({ userName: z.string(), reportedAt: z.string() });
export type WorkstationReport = z.infer<typeof workstationReportSchema>;

export const workstationCommands = {
  'workstations:report': command({
    summary: 'Tell the provincial server how many of this workstation’s changes it has not acknowledged',
    args: z.object({ pending: z.number().int().min(0).max(10_000_000) }),
    result: z.object({ reported: z.boolean() }),
    roles: staff,
  }),
  'workstations:list': command({
    summary: 'The last report of every workstation of the caller’s units (empty when the server cannot be reached)',
    args: z.object({}),
    result: z.object({ reachable: z.boolean(), serverNow: z.string().nullable(), reports: z.array(workstationReportSchema) }),
    roles: staff,
  }),
} as const;
