import { actionEvent, eventWire, receivedEvent } from '../../tests/support/dossierEvents.js';

// Events as a workstation pushes them (docs/spec/sync.md), for the benchmarks: valid `received`
// events with personal data, and `file-attached` events linking page files, made by the tests'
// own event helpers. The server checks each one in full, as it does in production.

export type BenchDoc = Record<string, unknown> & { id: string };

const actor = { userId: 'bench', userName: 'Nguyễn Thị Lan', workstationId: 'bench-ws' };

/** The i-th intake of a unit: codes stay unique past 9,999 by moving to the next day. */
export function benchReceived(unitCode: string, i: number, dossierId = `bench-${unitCode.replace(/[^A-Za-z0-9]/g, '-')}-${i}`): BenchDoc {
  const day = String(1 + Math.floor(i / 9999)).padStart(2, '0');
  const at = `2026-11-${day}T08:${String(i % 60).padStart(2, '0')}:00+07:00`;
  const code = `${unitCode}-2611${day}-${String((i % 9999) + 1).padStart(4, '0')}`;
  const event = receivedEvent(dossierId, { code, agencyCode: unitCode, applicantName: `Nguyễn Văn ${i}`, idNumber: `0011900${String(i % 100000).padStart(5, '0')}`, actor, at });
  return eventWire(event, unitCode) as BenchDoc;
}

export function benchReceivedMany(total: number, unitCode = 'H05.01'): BenchDoc[] {
  return Array.from({ length: total }, (_, i) => benchReceived(unitCode, i));
}

/** A page file attached to a dossier (the event the blob's readers are decided by). */
export function benchAttached(received: BenchDoc, seq: number, sha256: string, name: string): BenchDoc {
  const payload = { sha256, name, componentCode: 'TK', role: 'component' as const, digitised: true, reused: false };
  const event = actionEvent(String(received.dossierId), seq, 'file-attached', payload, { at: String(received.at), actor });
  return eventWire(event, String(received.unitCode)) as BenchDoc;
}
