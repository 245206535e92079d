import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { builtInCalendar } from '../calendar/builtIn.js';
import { isoInstantParse, vnIsoFormat } from '../time/vnTime.js';
import { dossierEventSchema, type DossierEvent, type DossierEventType } from './events.js';
import { eventsOrdered, type OrderedEvent } from './eventOrder.js';
import { dossierApply, dossierRebuild, type DossierProjection } from './projection.js';
import { supplementReceivedPayload } from './resume.js';
import { timelinessClassify } from './timeliness.js';
import { transitionAllowed } from './transitions.js';

const actor = { userId: 'u1', userName: 'Nguyễn Thị Lan', workstationId: 'pc1' };
const t0 = isoInstantParse('2026-03-02T09:00:00+07:00');
const cal = builtInCalendar();

function receivedEvent(dossierId = 'd1'): DossierEvent {
  return dossierEventSchema.parse({
    id: `${dossierId}-1`, dossierId, seq: 1, type: 'received', at: vnIsoFormat(t0), actor,
    payload: {
      code: '000.17.22.H56-260302-0001', agencyCode: '000.17.22.H56', procedureCode: '2.000815',
      procedureName: 'Chứng thực bản sao từ bản chính',
      applicant: { name: 'Trần Văn Đạt', idNumber: '038090000123', address: null, phone: null, email: null },
      channel: 1, components: [{ code: null, name: 'Bản chính giấy tờ', kind: 'original', quantity: 1 }],
      fees: [{ code: 'LP', name: 'Lệ phí chứng thực', amount: 4000 }],
      duration: { value: 3, unit: 'working-days' }, dueAt: '2026-03-05T09:00:00+07:00',
      rulePackVersions: { catalogue: 'c1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' },
      procedureOverride: null,
    },
  });
}

/** Builds the next valid event for a projection, choosing among the allowed types with `pick`. */
function nextEvent(p: DossierProjection, pick: number, at: number): DossierEvent | null {
  const all: DossierEventType[] = ['transferred', 'supplement-requested', 'supplement-received', 'payment-requested', 'payment-paid',
    'apology-issued', 'result-ready', 'returned', 'withdrawn', 'stopped', 'refused', 'file-attached', 'rated'];
  const candidates = all.filter((t) => transitionAllowed(p.status, t) && !(t === 'supplement-requested' && p.supplements.length > 0));
  if (candidates.length === 0) return null;
  const type = candidates[pick % candidates.length] as DossierEventType;
  const head = { id: `${p.id}-${p.lastSeq + 1}`, dossierId: p.id, seq: p.lastSeq + 1, at: vnIsoFormat(at), actor };
  const later = vnIsoFormat(isoInstantParse(p.dueAt) + 86_400_000);
  const payloads: { [K in DossierEventType]?: unknown } = {
    transferred: { toUnit: `U${pick % 3}`, note: null },
    'supplement-requested': { reason: 'Thiếu giấy tờ', items: ['Bản sao CCCD'] },
    'supplement-received': supplementReceivedPayload(p, at, cal),
    'payment-requested': { fees: [{ code: 'P', name: 'Phí', amount: 1000 * (pick % 5) }] },
    'payment-paid': { amount: 1000, method: 'transfer', online: (pick % 3) as 0 | 1 | 2, receiptNo: null },
    'apology-issued': { reason: 'Chậm do thẩm định', newDueAt: later },
    'result-ready': { resultCode: null, electronicResult: pick % 2 === 0 },
    returned: { delivery: 'counter', note: null },
    withdrawn: { reason: 'Công dân rút' },
    stopped: { reason: 'Không đủ điều kiện' },
    refused: { reason: 'Không thuộc thẩm quyền' },
    'file-attached': { sha256: 'a'.repeat(64), name: 'scan.pdf', componentCode: null, role: pick % 2 ? 'component' : 'result', digitised: true, reused: pick % 3 === 0 },
    rated: { score: (pick % 5) + 1, dislike: pick % 5 === 0, stage: 'return', comment: null },
  };
  return dossierEventSchema.parse({ ...head, type, payload: payloads[type] });
}

describe('dossier lifecycle', () => {
  it('rebuilding from any valid log, in any order, with copies, equals the incrementally maintained projection (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { maxLength: 25 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.nat(),
        fc.nat(30),
        (picks, dupPicks, seed, acceptedCount) => {
          const events: DossierEvent[] = [receivedEvent()];
          let stored = JSON.stringify(dossierApply(null, events[0] as DossierEvent)); // as the database holds it
          let at = t0;
          for (const pick of picks) {
            at += 3_600_000 * (1 + (pick % 30));
            const current = JSON.parse(stored) as DossierProjection;
            const e = nextEvent(current, pick, at);
            if (e === null) break;
            events.push(e);
            stored = JSON.stringify(dossierApply(current, e));
          }
          // The server accepted a prefix (its positions); the rest wait on this workstation.
          const held: OrderedEvent[] = events.map((e, i) => (i < acceptedCount ? { ...e, pos: i + 1 } : { ...e, pos: null }));
          const shuffled = [...held, ...dupPicks.map((d) => events[d % events.length] as DossierEvent)]
            .map((e, i) => ({ e, k: (i * 7919 + seed) % 104729 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.e);
          expect(dossierRebuild(shuffled)).toEqual(JSON.parse(stored));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('orders accepted events by the server’s position before this workstation’s pending ones', () => {
    const received = receivedEvent();
    const ev = (id: string, seq: number, type: DossierEventType, payload: unknown, pos: number | null): OrderedEvent =>
      ({ ...dossierEventSchema.parse({ id, dossierId: received.dossierId, seq, type, at: '2026-03-03T09:00:00+07:00', actor, payload }), pos });
    // Two counters each made "step 2"; the server accepted the other counter's result first.
    const mine = ev('mine', 2, 'rated', { score: 4, dislike: false, stage: 'intake', comment: null }, null);
    const theirs = ev('theirs', 2, 'result-ready', { resultCode: null, electronicResult: false }, 2);
    const ordered = eventsOrdered([mine, theirs, { ...received, pos: 1 }, { ...received, pos: null }]);
    expect(ordered.map((e) => [e.id, e.pos])).toEqual([[received.id, 1], ['theirs', 2], ['mine', null]]);
    expect(dossierRebuild(ordered)).toMatchObject({ status: 'result-ready', lastSeq: 3, rating: { score: 4 } });
  });

  it('keeps the fields the UI indexes', () => {
    const p = dossierApply(null, receivedEvent());
    expect(p).toMatchObject({
      code: '000.17.22.H56-260302-0001', agencyCode: '000.17.22.H56', procedureCode: '2.000815', applicantName: 'Trần Văn Đạt',
      applicantNameSearch: 'tran van dat', status: 'received', nationalStatus: 2, channel: 1, receivedAt: '2026-03-02T09:00:00+07:00',
      dueAt: '2026-03-05T09:00:00+07:00', originalDueAt: '2026-03-05T09:00:00+07:00', lastSeq: 1,
    });
    expect(p.finishedAt).toBeUndefined();
  });

  it('refuses illegal transitions with illegal-transition, and a second supplement request', () => {
    const p = dossierApply(null, receivedEvent());
    const ev = (seq: number, type: DossierEventType, payload: unknown) =>
      dossierEventSchema.parse({ id: `x${seq}`, dossierId: 'd1', seq, type, at: '2026-03-03T09:00:00+07:00', actor, payload });
    const returnedTooEarly = () => dossierApply(p, ev(2, 'returned', { delivery: 'counter', note: null }));
    expect(returnedTooEarly).toThrow(AppError);
    try { returnedTooEarly(); } catch (err) { expect((err as AppError).code).toBe('illegal-transition'); }
    const s1 = dossierApply(p, ev(2, 'supplement-requested', { reason: 'r', items: ['a'] }));
    const s2 = dossierApply(s1, ev(3, 'supplement-received', supplementReceivedPayload(s1, isoInstantParse('2026-03-04T09:00:00+07:00'), cal)));
    expect(s2.originalDueAt).toBe('2026-03-06T09:00:00+07:00'); // paused one working day (04/03)
    expect(() => dossierApply(s2, ev(4, 'supplement-requested', { reason: 'r', items: ['b'] }))).toThrow(/một lần/);
    // The author's count is not a position: the order is decided elsewhere (eventOrder.ts).
    expect(dossierApply(s2, ev(9, 'transferred', { toUnit: 'X', note: null })).lastSeq).toBe(4);
  });

  it('an apology moves the appointment but timeliness still uses the original due date', () => {
    let p = dossierApply(null, receivedEvent());
    const ev = (seq: number, type: DossierEventType, at: string, payload: unknown) =>
      dossierEventSchema.parse({ id: `y${seq}`, dossierId: 'd1', seq, type, at, actor, payload });
    p = dossierApply(p, ev(2, 'transferred', '2026-03-02T10:00:00+07:00', { toUnit: 'UBND', note: null }));
    p = dossierApply(p, ev(3, 'apology-issued', '2026-03-05T08:00:00+07:00', { reason: 'Chậm', newDueAt: '2026-03-10T09:00:00+07:00' }));
    expect(p.dueAt).toBe('2026-03-10T09:00:00+07:00');
    expect(p.originalDueAt).toBe('2026-03-05T09:00:00+07:00');
    p = dossierApply(p, ev(4, 'result-ready', '2026-03-09T15:00:00+07:00', { resultCode: null, electronicResult: true }));
    expect(timelinessClassify(p, isoInstantParse('2026-03-31T00:00:00+07:00'))).toBe('late');
    expect(p.nationalStatus).toBe(9);
  });

  it('classifies early / on time / late (§5.2)', () => {
    const base = dossierApply(null, receivedEvent());
    const done = (at: string) => ({ ...base, status: 'result-ready' as const, finishedAt: at });
    expect(timelinessClassify(done('2026-03-04T16:00:00+07:00'), 0)).toBe('early');
    expect(timelinessClassify(done('2026-03-05T08:00:00+07:00'), 0)).toBe('on-time');
    expect(timelinessClassify(done('2026-03-05T09:00:01+07:00'), 0)).toBe('late');
    expect(timelinessClassify(base, isoInstantParse('2026-03-06T00:00:00+07:00'))).toBe('late');
    expect(timelinessClassify(base, isoInstantParse('2026-03-04T00:00:00+07:00'))).toBe('on-time');
    const waiting = { ...base, status: 'supplement-requested' as const, supplements: [{ requestedAt: '2026-03-03T09:00:00+07:00', receivedAt: null, reason: 'r' }] };
    expect(timelinessClassify(waiting, isoInstantParse('2026-04-01T00:00:00+07:00'))).toBe('on-time');
  });
});

describe('event parsing', () => {
  it('refuses a malformed event from outside with validation-failed and the path', async () => {
    const { dossierEventParse } = await import('./eventParse.js');
    expect(dossierEventParse(JSON.parse(JSON.stringify(receivedEvent()))).type).toBe('received');
    const bad = { ...receivedEvent(), at: '2026-03-02T09:00:00Z' };
    expect(() => dossierEventParse(bad)).toThrow(/at:/);
    try { dossierEventParse({ type: 'nope' }); } catch (err) { expect((err as AppError).code).toBe('validation-failed'); }
  });
});
