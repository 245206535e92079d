import { z } from 'zod';
import { eventRoles } from '../domain/lifecycle/eventRoles.js';
import { eventPayloadSchemas, vnIsoSchema, type DossierEventType } from '../domain/lifecycle/events.js';
import { calendarPackSchema } from '../domain/rulepacks/calendarPack.js';
import { procedureSchema } from '../domain/rulepacks/cataloguePack.js';
import { rulePackVersionsSchema } from '../domain/rulepacks/common.js';
import { statusMappingPackSchema } from '../domain/rulepacks/statusMappingPack.js';
import { command } from './define.js';

// The counter's commands. The dossier itself lives in the renderer's database; every event
// needs a stamp from the main side first: who (the signed-in person, checked against the role
// the action needs), where (the workstation) and when (the guarded clock). The router refuses a
// role that may not act with `forbidden`, whatever the UI shows.

export const actorSchema = z.object({ userId: z.string(), userName: z.string(), workstationId: z.string() });

export const stampSchema = z.object({
  eventId: z.string(),
  at: vnIsoSchema,
  actor: actorSchema,
  /** The PC's own reading, its time zone, and the server offset when one is known (issue: trusted time). */
  clock: z.object({ local: z.string(), timeZone: z.string(), serverOffsetMs: z.number().nullable() }),
});
export type Stamp = z.infer<typeof stampSchema>;

const dossierId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Mã định danh hồ sơ không hợp lệ');

/** The roles come from the one role × event table the server also applies (eventRoles.ts). */
function action<T extends Exclude<DossierEventType, 'received'>>(type: T, summary: string) {
  return command({
    summary,
    args: z.object({ dossierId, payload: eventPayloadSchemas[type] }),
    result: stampSchema,
    roles: eventRoles[type],
    audit: true,
    needsTrustedClock: true,
  });
}

/** Each action command and the event type it stamps. */
export const actionEventTypes = {
  'dossier:transfer': 'transferred',
  'dossier:requestSupplement': 'supplement-requested',
  'dossier:receiveSupplement': 'supplement-received',
  'dossier:requestPayment': 'payment-requested',
  'dossier:pay': 'payment-paid',
  'dossier:apologise': 'apology-issued',
  'dossier:resultReady': 'result-ready',
  'dossier:return': 'returned',
  'dossier:withdraw': 'withdrawn',
  'dossier:stop': 'stopped',
  'dossier:refuse': 'refused',
  'dossier:attachFile': 'file-attached',
  'dossier:rate': 'rated',
} as const satisfies Record<string, Exclude<DossierEventType, 'received'>>;
export type ActionCommand = keyof typeof actionEventTypes;


export const dossierCommands = {
  'catalogue:current': command({
    summary: 'Rule packs in force today: procedures, calendar, status mapping and their versions',
    args: z.object({}),
    result: z.object({
      date: z.string(),
      versions: rulePackVersionsSchema,
      sample: z.boolean(),
      procedures: z.array(procedureSchema),
      calendar: calendarPackSchema.nullable(),
      statusMapping: statusMappingPackSchema,
    }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
  'dossier:receive': command({
    summary: 'Stamp an intake: dossier code from the workstation block, due date from the rule packs',
    args: z.object({
      dossierId,
      procedureCode: z.string().trim().min(1).max(40),
      /** A supervisor's sign-off to take a procedure that is not in the catalogue in force. */
      override: z.object({ username: z.string().min(1), password: z.string().min(1), reason: z.string().trim().min(5) }).optional(),
    }),
    result: z.object({
      stamp: stampSchema,
      code: z.string(),
      dueAt: vnIsoSchema,
      procedure: z.object({ code: z.string(), name: z.string(), duration: z.object({ value: z.number(), unit: z.enum(['hours', 'days', 'working-days', 'months']) }) }),
      rulePackVersions: rulePackVersionsSchema,
      override: z.object({ userId: z.string(), reason: z.string() }).nullable(),
    }),
    roles: eventRoles.received,
    audit: true,
    needsTrustedClock: true,
  }),
  'dossier:transfer': action('transferred', 'Transfer to the processing unit'),
  'dossier:requestSupplement': action('supplement-requested', 'Request a supplement (Mẫu 02), once'),
  'dossier:receiveSupplement': action('supplement-received', 'Record the supplement received'),
  'dossier:requestPayment': action('payment-requested', 'Ask for fees'),
  'dossier:pay': action('payment-paid', 'Record a payment'),
  'dossier:apologise': action('apology-issued', 'Apology letter (Mẫu 04) with a new appointment'),
  'dossier:resultReady': action('result-ready', 'The result is ready for return'),
  'dossier:return': action('returned', 'Result returned to the applicant'),
  'dossier:withdraw': action('withdrawn', 'The applicant withdrew the dossier'),
  'dossier:stop': action('stopped', 'Processing stopped'),
  'dossier:refuse': action('refused', 'Refuse the dossier (Mẫu 03)'),
  'dossier:attachFile': action('file-attached', 'Attach a file (scan or document) to a dossier'),
  'dossier:rate': action('rated', 'Satisfaction rating, one per dossier and stage'),
  'blocks:set': command({
    summary: 'Set this workstation’s block of the daily dossier sequence (when the server cannot)',
    args: z.object({ from: z.number().int().min(1).max(9999), to: z.number().int().min(1).max(9999) }),
    result: z.object({ from: z.number(), to: z.number(), agencyCode: z.string() }),
    roles: ['admin', 'supervisor'],
    audit: true,
  }),
} as const;
