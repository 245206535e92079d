import type { Procedure } from '../../../shared/domain/rulepacks/cataloguePack.js';
import { feeCompute } from '../../../shared/domain/rulepacks/cataloguePack.js';
import type { PayloadOf } from '../../../shared/domain/lifecycle/events.js';

// The intake form's state: plain data, so that a half-filled intake can be kept and discarded
// deliberately (switching user mid-intake asks first).

export interface ComponentRow {
  code: string;
  name: string;
  kind: PayloadOf<'received'>['components'][number]['kind'];
  quantity: number;
  required: boolean;
  present: boolean;
  file: { name: string; mime: string; sha256: string; size: number; pages?: number; scanned?: boolean } | null;
}

export interface Draft {
  /** Names the intake's scans before the dossier has a code. */
  ref: string;
  procedure: Procedure | null;
  applicantKind: 'person' | 'organisation';
  name: string;
  idNumber: string;
  birthYear: string;
  address: string;
  phone: string;
  email: string;
  components: ComponentRow[];
  channel: 1 | 2 | 3;
  paidNow: boolean;
  payMethod: PayloadOf<'payment-paid'>['method'];
  delivery: 'counter' | 'postal';
  consent: boolean;
  deliveryAddress: string;
  sealNumber: string;
  postOffice: string;
}

export const emptyDraft: Draft = {
  ref: 'intake',
  procedure: null,
  applicantKind: 'person',
  name: '',
  idNumber: '',
  birthYear: '',
  address: '',
  phone: '',
  email: '',
  components: [],
  channel: 1,
  paidNow: true,
  payMethod: 'cash',
  delivery: 'counter',
  consent: false,
  deliveryAddress: '',
  sealNumber: '',
  postOffice: '',
};

export function draftForProcedure(draft: Draft, procedure: Procedure): Draft {
  return {
    ...draft,
    procedure,
    components: procedure.components.map((c) => ({ code: c.code, name: c.name, kind: c.kind, quantity: c.quantity, required: c.required, present: c.required, file: null })),
  };
}

export function draftFees(draft: Draft): PayloadOf<'received'>['fees'] {
  if (!draft.procedure) return [];
  return draft.procedure.fees
    .map((fee) => ({ code: fee.code, name: fee.name, amount: feeCompute(fee, 1, 1) }))
    .filter((f) => f.amount > 0);
}

export function draftMissing(draft: Draft): string[] {
  return draft.components.filter((c) => c.required && !c.present).map((c) => c.name);
}
