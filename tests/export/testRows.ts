import { dossierRebuild, type DossierProjection } from '../../shared/domain/lifecycle/projection.js';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import type { CataloguePack } from '../../shared/domain/rulepacks/cataloguePack.js';

// Test data of the export and bundle tests: real projections from real events, and a catalogue
// with one procedure in force, one retired before the sample day and none for an unknown code.

const actor = { userId: 'u1', userName: 'Nguyễn Thị Lan', workstationId: 'PC1' };

export function eventsMake(id: string, code: string, procedureCode: string, receivedAt: string, returned = false): DossierEvent[] {
  const events: DossierEvent[] = [
    {
      id: `${id}-event-1`, dossierId: id, seq: 1, type: 'received', at: receivedAt, actor,
      payload: {
        code, agencyCode: 'H05.01', procedureCode, procedureName: 'Thủ tục mẫu',
        applicant: { name: 'Trần Văn Đạt', idNumber: null, address: null, phone: null, email: null },
        channel: 1, components: [], fees: [{ code: 'LP1', name: 'Lệ phí', amount: 8000 }],
        duration: { value: 3, unit: 'working-days' }, dueAt: '2026-03-05T16:00:00+07:00',
        rulePackVersions: { catalogue: 'cat-2026.1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' },
        procedureOverride: null, delivery: { method: 'counter', consent: false, address: null }, postal: null,
      },
    },
  ];
  if (returned) {
    events.push({ id: `${id}-event-2`, dossierId: id, seq: 2, type: 'result-ready', at: '2026-03-02T15:00:00+07:00', actor, payload: { resultCode: null, electronicResult: false } });
    events.push({ id: `${id}-event-3`, dossierId: id, seq: 3, type: 'returned', at: '2026-03-02T16:00:00+07:00', actor, payload: { delivery: 'counter', note: null } });
  }
  return events;
}

export function projectionMake(id: string, code: string, procedureCode: string, receivedAt: string, returned = false): DossierProjection {
  return dossierRebuild(eventsMake(id, code, procedureCode, receivedAt, returned));
}

/** A clerk of the sample unit, as the server sees the sender of a push. */
export const sampleClerk = { name: 'lan.nt', role: 'clerk', units: ['H05.01'] };

/** Events as a workstation of the sample unit pushes them. */
export function eventRows(events: readonly DossierEvent[]): Array<{ newDocumentState: Record<string, unknown> }> {
  return events.map((e) => ({ newDocumentState: { ...e, unitCode: 'H05.01', updatedAt: e.at, _deleted: false } }));
}

const procedure = (nationalCode: string, localCode: string, validFrom: string, validTo: string | null) => ({
  nationalCode, localCode, name: `Thủ tục ${localCode}`, sectorCode: 'HT', sectorName: 'Hộ tịch', level: 'commune' as const,
  duration: { value: 3, unit: 'working-days' as const }, sameDay: false, cutoffTime: null, components: [], fees: [],
  onlineLevel: 'full' as const, resultRequiresPaper: false, steps: [], validFrom, validTo,
});

export const testCatalogue: CataloguePack = {
  kind: 'catalogue', version: 'cat-2026.1', validFrom: '2025-07-01', validTo: null, sample: true,
  procedures: [
    procedure('2.000815', 'HT-05', '2025-07-01', null),
    // Replaced by 1.014137 on 2026-01-01: a dossier received later under the old code is held back.
    procedure('1.001776', 'HT-07', '2025-07-01', '2026-01-01'),
    procedure('1.014137', 'HT-08', '2026-01-01', null),
  ],
};
