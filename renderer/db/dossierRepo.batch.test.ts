import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { databaseOpen } from './database.js';
import { dossierRepoCreate } from './dossierRepo.js';
import { fixtureActor, receivedEvent } from '../../tests/support/dossierEvents.js';
import { personalCipherCreate } from './personalCipher.js';

// appendAll: an intake (received + payment + attachments) is one write, so a crash leaves the
// whole dossier or nothing (tests/crash runs the kills for real).

const actor = fixtureActor;
const key = (): string => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

const received = (dossierId: string): DossierEvent => receivedEvent(dossierId, { code: 'H29.01-261130-0007', applicantName: 'Vũ Minh Khôi' });

function attached(dossierId: string, seq: number): DossierEvent {
  return {
    id: crypto.randomUUID(), dossierId, seq, type: 'file-attached', at: '2026-11-30T08:16:00+07:00', actor,
    payload: { sha256: 'a'.repeat(64), name: 'to-khai.pdf', componentCode: 'TK', role: 'component', digitised: true, reused: false },
  };
}

async function open() {
  const db = await databaseOpen({ name: `batch-${crypto.randomUUID()}` });
  return { db, repo: dossierRepoCreate(db, await personalCipherCreate(key())) };
}

describe('dossier repository, several events at once', () => {
  it('writes an intake with its attachment as one log and one projection, personal data sealed', async () => {
    const { db, repo } = await open();
    const projection = await repo.appendAll([received('d1'), attached('d1', 2)]);
    expect(projection.lastSeq).toBe(2);
    expect((await db.events.find().exec()).map((e) => `${e.seq}:${e.type}`).sort()).toEqual(['1:received', '2:file-attached']);
    expect((await db.dossiers.findOne('d1').exec())?.lastSeq).toBe(2);
    expect(JSON.stringify((await db.events.find().exec()).map((e) => e.toJSON()))).not.toContain('001190012345');
    expect((await repo.personal('d1'))?.idNumber).toBe('001190012345');
    await db.remove();
  });

  it('writes nothing when one event of the batch does not fit (no half-saved intake)', async () => {
    const { db, repo } = await open();
    const returned: DossierEvent = { id: crypto.randomUUID(), dossierId: 'd2', seq: 3, type: 'returned', at: '2026-11-30T09:00:00+07:00', actor, payload: { delivery: 'counter', note: null } };
    await expect(repo.appendAll([received('d2'), attached('d2', 2), returned])).rejects.toMatchObject({ code: 'illegal-transition' });
    expect(await db.events.find().exec()).toHaveLength(0);
    expect(await db.dossiers.findOne('d2').exec()).toBeNull();
    await db.remove();
  });
});
