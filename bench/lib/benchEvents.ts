import { randomUUID } from 'node:crypto';

// Events as a workstation pushes them (docs/spec/sync.md), for the benchmarks: valid `received`
// events with personal data, and `file-attached` events linking page files. The server checks
// each one in full, as it does in production.

export type BenchDoc = Record<string, unknown> & { id: string };

const actor = { userId: 'bench', userName: 'Nguyễn Thị Lan', workstationId: 'bench-ws' };

/** The i-th intake of a unit: codes stay unique past 9,999 by moving to the next day. */
export function benchReceived(unitCode: string, i: number, dossierId = `bench-${unitCode.replace(/[^A-Za-z0-9]/g, "-")}-${i}`): BenchDoc {
  const day = 1 + Math.floor(i / 9999);
  const at = `2026-11-${String(day).padStart(2, '0')}T08:${String(i % 60).padStart(2, '0')}:00+07:00`;
  const code = `${unitCode}-2611${String(day).padStart(2, '0')}-${String((i % 9999) + 1).padStart(4, '0')}`;
  return {
    id: randomUUID(), dossierId, unitCode, seq: 1, type: 'received', at, actor, updatedAt: at, _deleted: false,
    payload: {
      code, agencyCode: unitCode, procedureCode: '1.001234', procedureName: 'Đăng ký khai sinh',
      applicant: { name: `Nguyễn Văn ${i}`, idNumber: `0011900${String(i % 100000).padStart(5, '0')}`, address: `Thôn ${i % 50}, xã Một Cửa`, phone: '0912345678', email: null },
      channel: 1, components: [{ code: 'TK', name: 'Tờ khai', kind: 'original', quantity: 1 }], fees: [],
      duration: { value: 3, unit: 'working-days' }, dueAt: '2026-12-03T08:15:00+07:00',
      rulePackVersions: { catalogue: 'c1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' }, procedureOverride: null,
      delivery: { method: 'counter', consent: false, address: null }, postal: null,
    },
  };
}

export function benchReceivedMany(total: number, unitCode = 'H05.01'): BenchDoc[] {
  return Array.from({ length: total }, (_, i) => benchReceived(unitCode, i));
}

/** A page file attached to a dossier (the event the blob's readers are decided by). */
export function benchAttached(received: BenchDoc, seq: number, sha256: string, name: string): BenchDoc {
  const at = String(received.at);
  return {
    id: randomUUID(), dossierId: received.dossierId, unitCode: received.unitCode, seq, type: 'file-attached', at, actor, updatedAt: at, _deleted: false,
    payload: { sha256, name, componentCode: 'TK', role: 'component', digitised: true, reused: false },
  };
}
