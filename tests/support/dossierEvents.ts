import { randomUUID } from 'node:crypto';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';

// A dossier's first event for tests below the UI (sync clients, bundles): a valid `received`
// with personal data, so sealing, transport and re-sealing have something to carry.

export const fixtureActor = { userId: 'u1', userName: 'Nguyễn Thị Lan', workstationId: 'ws1' };

export function receivedEvent(
  dossierId: string,
  options: { code: string; applicantName?: string; idNumber?: string; actor?: DossierEvent['actor'] },
): DossierEvent {
  return {
    id: randomUUID(), dossierId, seq: 1, type: 'received', at: '2026-11-30T08:15:00+07:00', actor: options.actor ?? fixtureActor,
    payload: {
      code: options.code, agencyCode: 'H29.01', procedureCode: 'HT-04', procedureName: 'Đăng ký nhận cha, mẹ, con',
      applicant: { name: options.applicantName ?? 'Đỗ Thị Hương', idNumber: options.idNumber ?? '001190012345', address: 'Thôn Đông, xã Tân Lập', phone: '0912345678', email: null },
      channel: 1, components: [{ code: 'TK', name: 'Tờ khai', kind: 'original', quantity: 1 }], fees: [],
      duration: { value: 3, unit: 'working-days' }, dueAt: '2026-12-03T08:15:00+07:00',
      rulePackVersions: { catalogue: 'c1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' }, procedureOverride: null,
      delivery: { method: 'counter', consent: false, address: null }, postal: null,
    },
  };
}
