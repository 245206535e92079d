import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { databaseOpen } from './database.js';
import { dossierRepoCreate } from './dossierRepo.js';
import { personalCipherCreate } from './personalCipher.js';

const randomUUID = (): string => crypto.randomUUID();
const randomKey = (): string => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

const actor = { userId: 'u1', userName: 'Nguyễn Thị Lan', workstationId: 'ws1' };

function received(dossierId: string): DossierEvent {
  return {
    id: randomUUID(), dossierId, seq: 1, type: 'received', at: '2026-11-30T08:15:00+07:00', actor,
    payload: {
      code: 'H29.01-261130-0001', agencyCode: 'H29.01', procedureCode: 'HT-04', procedureName: 'Đăng ký nhận cha, mẹ, con',
      applicant: { name: 'Đỗ Thị Hương', idNumber: '001190012345', address: 'Thôn Đông, xã Tân Lập', phone: '0912345678', email: null },
      channel: 1, components: [{ code: 'TK', name: 'Tờ khai', kind: 'original', quantity: 1 }], fees: [],
      duration: { value: 3, unit: 'working-days' }, dueAt: '2026-12-03T08:15:00+07:00',
      rulePackVersions: { catalogue: 'c1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' }, procedureOverride: null,
      delivery: { method: 'counter', consent: false, address: null }, postal: null,
    },
  };
}

async function repo() {
  const db = await databaseOpen({ name: `repo-${randomUUID()}` });
  const cipher = await personalCipherCreate(randomKey());
  return { db, repo: dossierRepoCreate(db, cipher) };
}

describe('dossier repository', () => {
  it('stores events under their own ids and the projection, with personal data sealed at rest', async () => {
    const { db, repo: r } = await repo();
    await r.append(received('d1'));
    const after = await r.append({ id: randomUUID(), dossierId: 'd1', seq: 2, type: 'transferred', at: '2026-11-30T09:00:00+07:00', actor, payload: { toUnit: 'H29.01.02', note: null } });
    expect(after).toMatchObject({ status: 'in-process', lastSeq: 2, currentUnit: 'H29.01.02' });
    const stored = (await db.events.find().exec()).map((e) => e.toJSON());
    expect(stored.map((e) => ({ pos: e.pos, syncState: e.syncState }))).toEqual([{ pos: null, syncState: 'local' }, { pos: null, syncState: 'local' }]);
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set((await r.events('d1')).map((e) => e.id)));
    const raw = JSON.stringify([(await db.dossiers.findOne('d1').exec())?.toJSON(), ...(await db.events.find().exec()).map((e) => e.toJSON())]);
    expect(raw).not.toContain('001190012345');
    expect(raw).not.toContain('0912345678');
    expect(raw).not.toContain('Thôn Đông');
    expect(await r.personal('d1')).toEqual({ idNumber: '001190012345', address: 'Thôn Đông, xã Tân Lập', phone: '0912345678', email: null });
    const events = await r.events('d1');
    expect(events.map((e) => e.type)).toEqual(['received', 'transferred']);
    expect(events[0]?.type === 'received' && events[0].payload.applicant.idNumber).toBe('001190012345');
    await db.remove();
  });

  it('refuses an illegal transition', async () => {
    const { db, repo: r } = await repo();
    await r.append(received('d2'));
    await expect(r.append({ id: randomUUID(), dossierId: 'd2', seq: 2, type: 'returned', at: '2026-11-30T09:00:00+07:00', actor, payload: { delivery: 'counter', note: null } })).rejects.toMatchObject({ code: 'illegal-transition' });
    await r.append({ id: randomUUID(), dossierId: 'd2', seq: 2, type: 'result-ready', at: '2026-11-30T09:00:00+07:00', actor, payload: { resultCode: null, electronicResult: false } });
    expect((await r.get('d2'))?.projection.status).toBe('result-ready');
    await db.remove();
  });

  it('rebuilds a projection left behind by a crash between event and projection', async () => {
    const { db, repo: r } = await repo();
    await r.append(received('d3'));
    // The crash: the event reached the store, the projection did not.
    await db.events.insert({ id: randomUUID(), dossierId: 'd3', unitCode: 'H29.01', seq: 2, type: 'transferred', at: '2026-11-30T10:00:00+07:00', actor, payload: { toUnit: 'H29.01.02', note: null }, syncState: 'local' });
    expect((await r.get('d3'))?.projection.lastSeq).toBe(1);
    expect(await r.repair()).toBe(1);
    expect((await r.get('d3'))?.projection).toMatchObject({ lastSeq: 2, status: 'in-process' });
    expect(await r.repair()).toBe(0);
    await db.remove();
  });

  it('holds an append made while the start-up repair runs until the projection is rebuilt', async () => {
    const { db, repo: r } = await repo();
    await r.append(received('d4'));
    await db.events.insert({ id: randomUUID(), dossierId: 'd4', unitCode: 'H29.01', seq: 2, type: 'transferred', at: '2026-11-30T10:00:00+07:00', actor, payload: { toUnit: 'H29.01.02', note: null }, syncState: 'local' });
    // As at sign-in: repair started, not awaited; the clerk's next action comes right after.
    const repairing = r.repair();
    const next = await r.append({ id: randomUUID(), dossierId: 'd4', seq: 3, type: 'result-ready', at: '2026-11-30T11:00:00+07:00', actor, payload: { resultCode: null, electronicResult: false } });
    expect(next).toMatchObject({ lastSeq: 3, status: 'result-ready', currentUnit: 'H29.01.02' });
    expect(await repairing).toBe(1);
    expect((await r.events('d4')).map((e) => e.seq)).toEqual([1, 2, 3]);
    await db.remove();
  });
});
