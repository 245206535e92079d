import { z } from 'zod';
import { durationSchema } from '../rulepacks/cataloguePack.js';
import { rulePackVersionsSchema } from '../rulepacks/common.js';

// The append-only event log of a dossier (§5, architecture decision 5). Events never change once
// written; the dossier document is rebuilt from them by the pure reducer in projection.ts.

export const vnIsoSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?\+07:00$/, 'Thời điểm phải là ISO-8601 giờ Việt Nam (+07:00)');

const feeLineSchema = z.object({ code: z.string(), name: z.string(), amount: z.number().int().min(0) });
export type FeeLine = z.infer<typeof feeLineSchema>;

const componentLineSchema = z.object({
  code: z.string().nullable(),
  name: z.string().min(1),
  kind: z.enum(['original', 'copy', 'certified-copy', 'photocopy']),
  quantity: z.number().int().min(1),
});
export type ComponentLine = z.infer<typeof componentLineSchema>;

export const eventPayloadSchemas = {
  received: z.object({
    code: z.string().min(3),
    agencyCode: z.string().min(3),
    procedureCode: z.string().min(1),
    procedureName: z.string().min(1),
    applicant: z.object({
      name: z.string().min(1),
      idNumber: z.string().nullable(),
      address: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
    /** KenhThucHien: 1 direct, 2 online, 3 public postal service. */
    channel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    components: z.array(componentLineSchema),
    fees: z.array(feeLineSchema),
    duration: durationSchema,
    dueAt: vnIsoSchema,
    rulePackVersions: rulePackVersionsSchema,
    /** A supervisor let an unknown procedure code through (procedure-unknown override). */
    procedureOverride: z.object({ userId: z.string(), reason: z.string().min(1) }).nullable(),
    /** How the result goes back: at the counter, or by post with the applicant's recorded consent (§12). */
    delivery: z
      .object({ method: z.enum(['counter', 'postal']), consent: z.boolean(), address: z.string().nullable() })
      .default({ method: 'counter', consent: false, address: null }),
    /** Intake under the public postal service (Decision 45/2016): seal number of the envelope. */
    postal: z.object({ sealNumber: z.string().min(1), postOffice: z.string().nullable() }).nullable().default(null),
  }),
  transferred: z.object({ toUnit: z.string().min(1), note: z.string().nullable() }),
  'supplement-requested': z.object({ reason: z.string().min(1), items: z.array(z.string()).min(1) }),
  /** The caller recomputes both due dates with the calendar (supplement time excluded). */
  'supplement-received': z.object({ dueAt: vnIsoSchema, originalDueAt: vnIsoSchema, note: z.string().nullable() }),
  'payment-requested': z.object({ fees: z.array(feeLineSchema).min(1) }),
  'payment-paid': z.object({
    amount: z.number().int().min(0),
    method: z.enum(['cash', 'transfer', 'card', 'wallet', 'gateway']),
    /** DuocThanhToanTrucTuyen: 0 no, 1 via DVCQG, 2 via the ministry/province gateway. */
    online: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    receiptNo: z.string().nullable(),
  }),
  'apology-issued': z.object({ reason: z.string().min(1), newDueAt: vnIsoSchema }),
  'result-ready': z.object({ resultCode: z.string().nullable(), electronicResult: z.boolean() }),
  returned: z.object({ delivery: z.enum(['counter', 'postal', 'online']), note: z.string().nullable() }),
  withdrawn: z.object({ reason: z.string().min(1) }),
  stopped: z.object({ reason: z.string().min(1) }),
  refused: z.object({ reason: z.string().min(1) }),
  'file-attached': z.object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    name: z.string().min(1),
    componentCode: z.string().nullable(),
    role: z.enum(['component', 'result']),
    /** Digitised with the unit's signature (số hóa) / taken from reused digitised data (tái sử dụng). */
    digitised: z.boolean(),
    reused: z.boolean(),
  }),
  rated: z.object({ score: z.number().int().min(1).max(5), dislike: z.boolean(), stage: z.enum(['intake', 'return']), comment: z.string().nullable() }),
} as const;

export type DossierEventType = keyof typeof eventPayloadSchemas;
export const dossierEventTypes = Object.keys(eventPayloadSchemas) as DossierEventType[];

const actorSchema = z.object({ userId: z.string().min(1), userName: z.string().min(1), workstationId: z.string().min(1) });
export type Actor = z.infer<typeof actorSchema>;

const eventOf = <T extends DossierEventType>(type: T) =>
  z.object({
    id: z.string().min(1),
    dossierId: z.string().min(1),
    seq: z.number().int().min(1),
    type: z.literal(type),
    at: vnIsoSchema,
    actor: actorSchema,
    payload: eventPayloadSchemas[type],
  });

export const dossierEventSchema = z.discriminatedUnion('type', [
  eventOf('received'),
  eventOf('transferred'),
  eventOf('supplement-requested'),
  eventOf('supplement-received'),
  eventOf('payment-requested'),
  eventOf('payment-paid'),
  eventOf('apology-issued'),
  eventOf('result-ready'),
  eventOf('returned'),
  eventOf('withdrawn'),
  eventOf('stopped'),
  eventOf('refused'),
  eventOf('file-attached'),
  eventOf('rated'),
]);
export type DossierEvent = z.infer<typeof dossierEventSchema>;
export type EventOf<T extends DossierEventType> = Extract<DossierEvent, { type: T }>;
export type PayloadOf<T extends DossierEventType> = EventOf<T>['payload'];
