import type { Role } from '../../contract/define.js';
import type { DossierEventType } from './events.js';

// Who may record each event of a dossier's life: one table, read by the workstation's command
// router (shared/contract/dossier.ts) and by the provincial server for every pushed event
// (server/services/eventAccept.ts). Post-office staff do intake only (Decision 45/2016, §12):
// the receipt, its fees, the papers scanned with it and the citizen's rating at the counter.

const intake: readonly Role[] = ['clerk', 'postal'];
const clerk: readonly Role[] = ['clerk'];

export const eventRoles: Readonly<Record<DossierEventType, readonly Role[]>> = {
  received: intake,
  transferred: clerk,
  'supplement-requested': clerk,
  'supplement-received': clerk,
  'payment-requested': clerk,
  'payment-paid': intake,
  'apology-issued': clerk,
  'result-ready': clerk,
  returned: clerk,
  withdrawn: clerk,
  stopped: clerk,
  refused: clerk,
  'file-attached': intake,
  rated: intake,
};

export function eventRoleAllowed(role: string, type: DossierEventType): boolean {
  return (eventRoles[type] as readonly string[]).includes(role);
}
