import type { DossierEvent, DossierEventType, EventOf, PayloadOf } from '../../shared/domain/lifecycle/events.js';

// Dossier events for tests below the UI (sync clients, bundles, the server's checks, the
// workstation's repository) and the benchmarks: a valid
// `received` with personal data, so sealing, transport and re-sealing have something to carry,
// later events of any type, and the wire form a workstation pushes.

export const fixtureActor = { userId: 'u1', userName: 'Nguyễn Thị Lan', workstationId: 'ws1' };

export function receivedEvent(
  dossierId: string,
  options: { code: string; agencyCode?: string; applicantName?: string; idNumber?: string; actor?: DossierEvent['actor']; at?: string },
): EventOf<'received'> {
  return {
    id: crypto.randomUUID(), dossierId, seq: 1, type: 'received', at: options.at ?? '2026-11-30T08:15:00+07:00', actor: options.actor ?? fixtureActor,
    payload: {
      code: options.code, agencyCode: options.agencyCode ?? 'H29.01', procedureCode: 'HT-04', procedureName: 'Đăng ký nhận cha, mẹ, con',
      applicant: { name: options.applicantName ?? 'Đỗ Thị Hương', idNumber: options.idNumber ?? '001190012345', address: 'Thôn Đông, xã Tân Lập', phone: '0912345678', email: null },
      channel: 1, components: [{ code: 'TK', name: 'Tờ khai', kind: 'original', quantity: 1 }], fees: [],
      duration: { value: 3, unit: 'working-days' }, dueAt: '2026-12-03T08:15:00+07:00',
      rulePackVersions: { catalogue: 'c1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' }, procedureOverride: null,
      delivery: { method: 'counter', consent: false, address: null }, postal: null,
    },
  };
}

/** A later event of a dossier; `seq` is the author's count (the server orders by acceptance). */
export function actionEvent<T extends Exclude<DossierEventType, 'received'>>(
  dossierId: string,
  seq: number,
  type: T,
  payload: PayloadOf<T>,
  options: { at?: string; actor?: DossierEvent['actor'] } = {},
): DossierEvent {
  const minute = String(15 + (seq % 40)).padStart(2, '0');
  return { id: crypto.randomUUID(), dossierId, seq, type, at: options.at ?? `2026-11-30T09:${minute}:00+07:00`, actor: options.actor ?? fixtureActor, payload } as DossierEvent;
}

/** An event as a workstation pushes it (docs/spec/sync.md). */
export function eventWire(e: DossierEvent, unitCode: string): Record<string, unknown> {
  return { ...e, unitCode, updatedAt: e.at, _deleted: false };
}
