import type { LocalStatus } from '../rulepacks/statusMappingPack.js';
import type { DossierEventType } from './events.js';

// Which event may follow which local status (§5.3). `received` only opens a log. Terminal: returned,
// withdrawn, stopped, refused. result-ready ends processing (NgayKetThucXuLy) but still awaits return.
// file-attached and rated are records, allowed in every state after receipt.

const open: LocalStatus[] = ['received', 'in-process', 'supplement-requested', 'awaiting-payment'];

export const allowedFrom: Readonly<Record<Exclude<DossierEventType, 'received'>, readonly LocalStatus[]>> = {
  transferred: ['received', 'in-process'],
  'supplement-requested': ['received', 'in-process'],
  'supplement-received': ['supplement-requested'],
  'payment-requested': ['received', 'in-process', 'result-ready'],
  'payment-paid': ['received', 'in-process', 'awaiting-payment', 'result-ready'],
  'apology-issued': open,
  'result-ready': ['received', 'in-process'],
  returned: ['result-ready'],
  withdrawn: open,
  stopped: open,
  refused: ['received'],
  'file-attached': ['received', 'in-process', 'supplement-requested', 'awaiting-payment', 'result-ready', 'returned', 'withdrawn', 'stopped', 'refused'],
  rated: ['received', 'in-process', 'supplement-requested', 'awaiting-payment', 'result-ready', 'returned', 'withdrawn', 'stopped', 'refused'],
};

export const terminalStatuses: readonly LocalStatus[] = ['returned', 'withdrawn', 'stopped', 'refused'];

export function transitionAllowed(status: LocalStatus, type: DossierEventType): boolean {
  if (type === 'received') return false;
  return allowedFrom[type].includes(status);
}
