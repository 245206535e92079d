import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { databaseOpen, type Database, type EventDoc } from './database.js';
import { dossierRepoCreate } from './dossierRepo.js';
import { fixtureActor, receivedEvent } from '../../tests/support/dossierEvents.js';
import { personalCipherCreate } from './personalCipher.js';

// Projections rebuilt from the events a workstation holds (architecture decision 9): the
// server's accepted events by position, then this workstation's pending ones; quarantined events
// left out; the dossier's sync state derived from its records.

const actor = fixtureActor;
const key = (): string => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

const received = (dossierId: string): DossierEvent => receivedEvent(dossierId, { code: 'H29.01-261130-0011', applicantName: 'Vũ Minh Khôi' });

/** An event as another workstation made it and the server accepted it, as a pull stores it. */
function accepted(dossierId: string, pos: number, type: 'transferred' | 'withdrawn', at: string): EventDoc {
  const payload = type === 'transferred' ? { toUnit: 'H29.01.TP', note: null } : { reason: 'Người nộp rút hồ sơ' };
  return { id: crypto.randomUUID(), dossierId, unitCode: 'H29.01', seq: pos, type, at, actor: { ...actor, workstationId: 'ws2' }, payload, pos, acceptedAt: at, syncState: 'acknowledged', syncReason: null };
}

async function open(): Promise<{ db: Database; repo: ReturnType<typeof dossierRepoCreate> }> {
  const db = await databaseOpen({ name: `rebuild-${crypto.randomUUID()}` });
  return { db, repo: dossierRepoCreate(db, await personalCipherCreate(key())) };
}

describe('projections rebuilt from the events held', () => {
  it('orders the server’s events before pending ones and leaves out a pending step overtaken by them', async () => {
    const { db, repo } = await open();
    const intake = received('d1');
    await repo.append(intake);
    await db.events.findOne(intake.id).exec().then((d) => d?.incrementalPatch({ pos: 1, syncState: 'acknowledged' }));
    // Offline here: the clerk transfers the dossier (pending) …
    const mine: DossierEvent = { id: crypto.randomUUID(), dossierId: 'd1', seq: 2, type: 'transferred', at: '2026-11-30T10:00:00+07:00', actor, payload: { toUnit: 'H29.01.KT', note: null } };
    await repo.append(mine);
    expect((await repo.get('d1'))?.projection).toMatchObject({ status: 'in-process', currentUnit: 'H29.01.KT' });
    // … while another counter's withdrawal reached the server first.
    await db.events.insert(accepted('d1', 2, 'withdrawn', '2026-11-30T09:30:00+07:00'));
    expect(await repo.rebuild(['d1'])).toBe(1);
    const after = await repo.get('d1');
    expect(after?.projection).toMatchObject({ status: 'withdrawn', lastSeq: 2, transferCount: 0 });
    expect(after?.syncState).toBe('local');
    // Once the server refuses the transfer it is quarantined: the dossier says so, with the reason.
    await db.events.findOne(mine.id).exec().then((d) => d?.incrementalPatch({ syncState: 'rejected', syncReason: 'illegal-transition: đã rút' }));
    await repo.rebuild(['d1']);
    expect(await repo.get('d1')).toMatchObject({ syncState: 'rejected', syncReason: 'illegal-transition: đã rút', projection: { status: 'withdrawn' } });
    expect((await repo.events('d1')).map((e) => e.type)).toEqual(['received', 'withdrawn']);
    // Nothing changed since: a rebuild writes nothing.
    expect(await repo.rebuild(['d1'])).toBe(0);
    await db.remove();
  });

  it('puts pending events after the accepted ones whatever their own count says', async () => {
    const { db, repo } = await open();
    const intake = received('d2');
    await repo.append(intake);
    await db.events.findOne(intake.id).exec().then((d) => d?.incrementalPatch({ pos: 1, syncState: 'acknowledged' }));
    const ready: DossierEvent = { id: crypto.randomUUID(), dossierId: 'd2', seq: 2, type: 'result-ready', at: '2026-11-30T09:00:00+07:00', actor, payload: { resultCode: null, electronicResult: false } };
    await repo.append(ready);
    await db.events.insert(accepted('d2', 2, 'transferred', '2026-11-30T10:00:00+07:00'));
    await repo.rebuild(['d2']);
    // Transferred (server, pos 2) then result-ready (pending, made here as the 2nd): both legal.
    expect((await repo.get('d2'))?.projection).toMatchObject({ status: 'result-ready', currentUnit: 'H29.01.TP', lastSeq: 3 });
    expect((await repo.events('d2')).map((e) => e.type)).toEqual(['received', 'transferred', 'result-ready']);
    await db.remove();
  });

  it('keeps a dossier whose intake the server refused, marked rejected, and drops one with no event left', async () => {
    const { db, repo } = await open();
    const intake = received('d3');
    await repo.append(intake);
    await db.events.findOne(intake.id).exec().then((d) => d?.incrementalPatch({ syncState: 'rejected', syncReason: 'code-block: ngoài dải số' }));
    await repo.rebuild(['d3']);
    expect(await repo.get('d3')).toMatchObject({ syncState: 'rejected', syncReason: 'code-block: ngoài dải số', projection: { status: 'received' } });
    // Moved to another unit: the pull removed its events, the projection goes too.
    await db.events.findOne(intake.id).exec().then((d) => d?.remove());
    expect(await repo.rebuild(['d3'])).toBe(1);
    expect(await repo.get('d3')).toBeNull();
    await db.remove();
  });

  it('rebuilds at the next start what was noted before a crash cut the rebuild short', async () => {
    const { db, repo } = await open();
    const intake = received('d4');
    await repo.append(intake);
    await db.events.findOne(intake.id).exec().then((d) => d?.incrementalPatch({ pos: 1, syncState: 'acknowledged' }));
    await repo.rebuild(['d4']);
    // A pull notes the dossier, writes another counter's event, and the app dies before rebuilding.
    await repo.rebuildNote(['d4']);
    await db.events.insert(accepted('d4', 2, 'transferred', '2026-11-30T10:00:00+07:00'));
    const restarted = dossierRepoCreate(db, await personalCipherCreate(key()));
    expect(await restarted.repair()).toBe(1);
    expect((await restarted.get('d4'))?.projection).toMatchObject({ status: 'in-process', lastSeq: 2 });
    expect(await restarted.repair()).toBe(0);
    await db.remove();
  });
});
