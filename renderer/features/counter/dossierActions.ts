import type { ArgsOf } from '../../../shared/contract/commands.js';
import type { ActionCommand } from '../../../shared/contract/dossier.js';
import { actionEventTypes } from '../../../shared/contract/dossier.js';
import { AppError } from '../../../shared/contract/errors.js';
import { dossierEventSchema, type DossierEvent, type PayloadOf } from '../../../shared/domain/lifecycle/events.js';
import { dossierApply, type DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { transitionAllowed } from '../../../shared/domain/lifecycle/transitions.js';
import { invoke } from '../../ipc/client.js';
import type { CounterSession } from './counterSession.js';

// The two ways a dossier changes: intake (a new log) and an action (one more event). Both ask the
// main side for a stamp first (role, clock, code, due date), then write locally.

export interface IntakeDraft {
  procedureCode: string;
  applicant: PayloadOf<'received'>['applicant'];
  channel: 1 | 2 | 3;
  components: PayloadOf<'received'>['components'];
  fees: PayloadOf<'received'>['fees'];
  paidNow: { method: PayloadOf<'payment-paid'>['method']; receiptNo: string | null } | null;
  delivery: PayloadOf<'received'>['delivery'];
  postal: PayloadOf<'received'>['postal'];
  agencyCode: string;
  override?: ArgsOf<'dossier:receive'>['override'];
}

/** Asks main for the intake stamp (code, due date, clock) and builds the `received` event; nothing is written. */
export async function receivedStamp(draft: IntakeDraft): Promise<DossierEvent> {
  const dossierId = crypto.randomUUID();
  const stamped = await invoke('dossier:receive', {
    dossierId,
    procedureCode: draft.procedureCode,
    ...(draft.override ? { override: draft.override } : {}),
  });
  return dossierEventSchema.parse({
    id: stamped.stamp.eventId,
    dossierId,
    seq: 1,
    type: 'received',
    at: stamped.stamp.at,
    actor: stamped.stamp.actor,
    payload: {
      code: stamped.code,
      agencyCode: draft.agencyCode,
      procedureCode: stamped.procedure.code,
      procedureName: stamped.procedure.name,
      applicant: draft.applicant,
      channel: draft.channel,
      components: draft.components,
      fees: draft.fees,
      duration: stamped.procedure.duration,
      dueAt: stamped.dueAt,
      rulePackVersions: stamped.rulePackVersions,
      procedureOverride: stamped.override,
      delivery: draft.delivery,
      postal: draft.postal,
    },
  });
}

/** The intake's payment at the counter, when there is one, as the `payment-paid` payload. */
export function intakePayment(draft: IntakeDraft): PayloadOf<'payment-paid'> | null {
  const total = draft.fees.reduce((sum, f) => sum + f.amount, 0);
  if (!draft.paidNow || total <= 0) return null;
  return { amount: total, method: draft.paidNow.method, online: 0, receiptNo: draft.paidNow.receiptNo };
}

export async function dossierReceive(session: CounterSession, draft: IntakeDraft): Promise<DossierProjection> {
  const received = await receivedStamp(draft);
  const events = [received];
  const paid = intakePayment(draft);
  if (paid) events.push(await actionStamp(dossierApply(null, received, session.catalogue.statusMapping), 'dossier:pay', paid));
  return session.repo.appendAll(events);
}

type PayloadFor<C extends ActionCommand> = PayloadOf<(typeof actionEventTypes)[C]>;

/** Checks the transition, asks main for the action's stamp and builds the next event; nothing is written. */
export async function actionStamp<C extends ActionCommand>(current: DossierProjection, command: C, payload: PayloadFor<C>): Promise<DossierEvent> {
  const type = actionEventTypes[command];
  if (!transitionAllowed(current.status, type)) {
    throw new AppError('illegal-transition', `Không thể thực hiện khi hồ sơ đang ở trạng thái này (${current.status})`, { status: current.status, type });
  }
  const stamp = await invoke(command, { dossierId: current.id, payload } as ArgsOf<C>);
  return dossierEventSchema.parse({
    id: stamp.eventId,
    dossierId: current.id,
    seq: current.lastSeq + 1,
    type,
    at: stamp.at,
    actor: stamp.actor,
    payload,
  });
}

export async function dossierAct<C extends ActionCommand>(
  session: CounterSession,
  current: DossierProjection,
  command: C,
  payload: PayloadFor<C>,
): Promise<DossierProjection> {
  return session.repo.append(await actionStamp(current, command, payload));
}
