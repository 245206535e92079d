import { AppError } from '../../contract/errors.js';
import type { RulePackVersions } from '../rulepacks/common.js';
import { defaultStatusMapping, nationalStatusOf, type LocalStatus, type StatusMappingPack } from '../rulepacks/statusMappingPack.js';
import { searchNormalize } from '../text/searchNormalize.js';
import { isoInstantParse } from '../time/vnTime.js';
import type { ComponentLine, DossierEvent, FeeLine } from './events.js';
import { eventLabelVi, statusLabelVi } from './eventLabels.js';
import { eventsOrdered, type OrderedEvent } from './eventOrder.js';
import { transitionAllowed } from './transitions.js';

// The dossier document: a flat, JSON-serialisable projection of the event log, rebuilt by a pure
// reducer. `dueAt` is the appointment shown to the citizen (an apology moves it); `originalDueAt` is the
// legal due date used for statistics (§6.2) and moves only when supplement time is excluded.

export interface SupplementRecord {
  requestedAt: string;
  receivedAt: string | null;
  reason: string;
}

export interface DossierProjection {
  id: string;
  code: string;
  agencyCode: string;
  procedureCode: string;
  procedureName: string;
  procedureOverridden: boolean;
  applicantName: string;
  applicantNameSearch: string;
  applicantIdNumber: string | null;
  status: LocalStatus;
  nationalStatus: number;
  /** Status to go back to when a supplement or payment pause ends. */
  resumeStatus: LocalStatus | null;
  channel: 1 | 2 | 3;
  receivedAt: string;
  dueAt: string;
  originalDueAt: string;
  finishedAt?: string;
  returnedAt?: string;
  duration: { value: number; unit: string };
  currentUnit: string;
  transferCount: number;
  fees: FeeLine[];
  feesPaid: number;
  paymentOnline: 0 | 1 | 2;
  components: ComponentLine[];
  supplements: SupplementRecord[];
  apologyCount: number;
  componentFiles: number;
  resultFiles: number;
  digitisedComponent: boolean;
  reusedComponent: boolean;
  electronicResult: boolean;
  rating: { score: number; dislike: boolean } | null;
  rulePackVersions: RulePackVersions;
  lastSeq: number;
  updatedAt: string;
}

function illegal(p: DossierProjection | null, e: DossierEvent, why: string): never {
  throw new AppError('illegal-transition', why, { dossierId: e.dossierId, status: p?.status ?? null, event: e.type, seq: e.seq });
}

function withStatus(p: DossierProjection, status: LocalStatus, mapping: StatusMappingPack): DossierProjection {
  return { ...p, status, nationalStatus: nationalStatusOf(mapping, status) };
}

/**
 * Applies one event after the others. Events are keyed by their own id and never carry a
 * position the reducer trusts: the order is the one `eventOrderCompare` gives (the server's
 * acceptance order, then this workstation's pending events), and `lastSeq` counts the events
 * applied. An illegal transition throws `illegal-transition`.
 */
export function dossierApply(
  p: DossierProjection | null,
  e: DossierEvent,
  mapping: StatusMappingPack = defaultStatusMapping,
): DossierProjection {
  if (p === null) {
    if (e.type !== 'received') illegal(p, e, `Hồ sơ phải bắt đầu bằng sự kiện tiếp nhận, không phải "${eventLabelVi[e.type]}"`);
    const x = e.payload;
    return {
      id: e.dossierId,
      code: x.code,
      agencyCode: x.agencyCode,
      procedureCode: x.procedureCode,
      procedureName: x.procedureName,
      procedureOverridden: x.procedureOverride !== null,
      applicantName: x.applicant.name,
      applicantNameSearch: searchNormalize(x.applicant.name),
      applicantIdNumber: x.applicant.idNumber,
      status: 'received',
      nationalStatus: nationalStatusOf(mapping, 'received'),
      resumeStatus: null,
      channel: x.channel,
      receivedAt: e.at,
      dueAt: x.dueAt,
      originalDueAt: x.dueAt,
      duration: { value: x.duration.value, unit: x.duration.unit },
      currentUnit: x.agencyCode,
      transferCount: 0,
      fees: x.fees,
      feesPaid: 0,
      paymentOnline: 0,
      components: x.components,
      supplements: [],
      apologyCount: 0,
      componentFiles: 0,
      resultFiles: 0,
      digitisedComponent: false,
      reusedComponent: false,
      electronicResult: false,
      rating: null,
      rulePackVersions: x.rulePackVersions,
      lastSeq: 1,
      updatedAt: e.at,
    };
  }
  if (e.dossierId !== p.id) throw new AppError('conflict', 'Sự kiện thuộc hồ sơ khác', { dossierId: e.dossierId, expected: p.id });
  if (e.type === 'received') illegal(p, e, 'Hồ sơ đã được tiếp nhận');
  if (!transitionAllowed(p.status, e.type)) illegal(p, e, `Không thể ${eventLabelVi[e.type]} khi hồ sơ ${statusLabelVi[p.status]}`);
  const base: DossierProjection = { ...p, lastSeq: p.lastSeq + 1, updatedAt: e.at };
  switch (e.type) {
    case 'transferred':
      return { ...withStatus(base, 'in-process', mapping), currentUnit: e.payload.toUnit, transferCount: p.transferCount + 1 };
    case 'supplement-requested':
      // "Hướng dẫn một lần": the request to supplement must be complete and made once (§3.3).
      if (p.supplements.length > 0) illegal(p, e, 'Chỉ được yêu cầu bổ sung hồ sơ một lần');
      return {
        ...withStatus(base, 'supplement-requested', mapping),
        resumeStatus: p.status,
        supplements: [{ requestedAt: e.at, receivedAt: null, reason: e.payload.reason }],
      };
    case 'supplement-received':
      return {
        ...withStatus(base, p.resumeStatus ?? 'in-process', mapping),
        resumeStatus: null,
        supplements: p.supplements.map((s) => (s.receivedAt === null ? { ...s, receivedAt: e.at } : s)),
        dueAt: p.apologyCount > 0 && p.dueAt > e.payload.dueAt ? p.dueAt : e.payload.dueAt,
        originalDueAt: e.payload.originalDueAt,
      };
    case 'payment-requested':
      return { ...withStatus(base, 'awaiting-payment', mapping), resumeStatus: p.status, fees: e.payload.fees };
    case 'payment-paid': {
      const paid = { ...base, feesPaid: p.feesPaid + e.payload.amount, paymentOnline: e.payload.online === 0 ? p.paymentOnline : e.payload.online };
      return p.status === 'awaiting-payment' ? { ...withStatus(paid, p.resumeStatus ?? 'in-process', mapping), resumeStatus: null } : paid;
    }
    case 'apology-issued':
      if (isoInstantParse(e.payload.newDueAt) <= isoInstantParse(p.dueAt)) illegal(p, e, 'Ngày hẹn mới phải sau ngày hẹn hiện tại');
      return { ...base, dueAt: e.payload.newDueAt, apologyCount: p.apologyCount + 1 };
    case 'result-ready':
      return { ...withStatus(base, 'result-ready', mapping), finishedAt: e.at, electronicResult: p.electronicResult || e.payload.electronicResult };
    case 'returned':
      return { ...withStatus(base, 'returned', mapping), returnedAt: e.at };
    case 'withdrawn':
      return { ...withStatus(base, 'withdrawn', mapping), resumeStatus: null, finishedAt: e.at };
    case 'stopped':
      return { ...withStatus(base, 'stopped', mapping), resumeStatus: null, finishedAt: e.at };
    case 'refused':
      return { ...withStatus(base, 'refused', mapping), finishedAt: e.at };
    case 'file-attached':
      return e.payload.role === 'result'
        ? { ...base, resultFiles: p.resultFiles + 1, electronicResult: true }
        : {
            ...base,
            componentFiles: p.componentFiles + 1,
            digitisedComponent: p.digitisedComponent || e.payload.digitised,
            reusedComponent: p.reusedComponent || e.payload.reused,
          };
    case 'rated':
      return { ...base, rating: { score: e.payload.score, dislike: e.payload.dislike } };
  }
}

/**
 * Rebuilds the projection from a log in any order, with duplicates (same id) removed, applied in
 * the order every side computes the same way (eventOrder.ts).
 */
export function dossierRebuild(events: readonly OrderedEvent[], mapping: StatusMappingPack = defaultStatusMapping): DossierProjection {
  let p: DossierProjection | null = null;
  for (const e of eventsOrdered(events)) p = dossierApply(p, e, mapping);
  if (p === null) throw new AppError('not-found', 'Hồ sơ chưa có sự kiện nào', {});
  return p;
}
