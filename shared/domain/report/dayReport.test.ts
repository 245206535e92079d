import { describe, expect, it } from 'vitest';
import { dossierEventSchema, type DossierEvent } from '../lifecycle/events.js';
import { dossierRebuild } from '../lifecycle/projection.js';
import { isoInstantParse } from '../time/vnTime.js';
import { dayReportCompute } from './dayReport.js';

const lan = { userId: 'u-lan', userName: 'Nguyễn Thị Lan', workstationId: 'ws-1' };
const minh = { userId: 'u-minh', userName: 'Trần Văn Minh', workstationId: 'ws-2' };

function log(id: string, actor: typeof lan, receivedAt: string, dueAt: string, more: { type: string; payload: unknown }[] = []): DossierEvent[] {
  const received = {
    id: `${id}-1`, dossierId: id, seq: 1, type: 'received', at: receivedAt, actor,
    payload: {
      code: `H29.01-261130-${id}`, agencyCode: 'H29.01', procedureCode: 'HT-04', procedureName: 'Đăng ký nhận cha, mẹ, con',
      applicant: { name: 'A', idNumber: null, address: null, phone: null, email: null }, channel: 1, components: [],
      fees: [{ code: 'LP', name: 'Lệ phí', amount: 15000 }], duration: { value: 3, unit: 'working-days' }, dueAt,
      rulePackVersions: { catalogue: 'c', calendar: 'k', agencies: 'a', statusMapping: 's' }, procedureOverride: null,
    },
  };
  return [received, ...more.map((m, i) => ({ id: `${id}-${i + 2}`, dossierId: id, seq: i + 2, at: receivedAt, actor, ...m }))].map((e) => dossierEventSchema.parse(e));
}

describe('end-of-day report', () => {
  it('counts per clerk, splits cash from cashless, and lists what is due, late and not uploaded', () => {
    const a = log('0001', lan, '2026-11-30T08:00:00+07:00', '2026-12-01T08:00:00+07:00', [{ type: 'payment-paid', payload: { amount: 15000, method: 'cash', online: 0, receiptNo: null } }]);
    const b = log('0002', lan, '2026-11-30T09:00:00+07:00', '2026-11-30T10:00:00+07:00', [{ type: 'refused', payload: { reason: 'Sai thẩm quyền' } }]);
    const c = log('0003', minh, '2026-11-30T10:00:00+07:00', '2026-11-25T10:00:00+07:00', [{ type: 'payment-paid', payload: { amount: 15000, method: 'transfer', online: 0, receiptNo: null } }]);
    const old = log('0004', minh, '2026-11-20T10:00:00+07:00', '2026-11-25T10:00:00+07:00');
    const events = [...a, ...b, ...c, ...old].map((event) => ({ event, synced: event.actor.workstationId === 'ws-1' }));
    const report = dayReportCompute('2026-11-30', [a, b, c, old].map((l) => dossierRebuild(l)), events, isoInstantParse('2026-11-30T17:00:00+07:00'));
    expect(report.clerks).toEqual([
      { userId: 'u-lan', userName: 'Nguyễn Thị Lan', received: 2, refused: 1, returned: 0 },
      { userId: 'u-minh', userName: 'Trần Văn Minh', received: 1, refused: 0, returned: 0 },
    ]);
    expect([report.cash, report.cashless]).toEqual([15000, 15000]);
    expect(report.dueTomorrow).toBe(1);
    expect(report.overdue).toBe(2);
    expect(report.overdueList).toHaveLength(2);
    expect(isoInstantParse(report.overdueList[0]?.dueAt ?? '')).toBeLessThanOrEqual(isoInstantParse(report.overdueList[1]?.dueAt ?? ''));
    expect(report.unsynced).toEqual({ 'ws-2': 3 });
  });
});
