import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { durationVi, formViewFromExport, formViewFromExports } from './fromExport.js';
import { dateLongVi, moneyVi, timeVi } from './model.js';

const fixture = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('./fixtures/dossierExport.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'no error';
}

describe('formViewFromExport', () => {
  it('takes the header fields from the projection and the received event', () => {
    const v = formViewFromExport(fixture());
    expect(v.dossierCode).toBe('000.12.31.H29-261201-0008');
    expect(v.agency).toMatchObject({ unitName: 'Trung tâm Phục vụ hành chính công', agencyCode: '000.12.31.H29', placeName: 'Tân Hòa' });
    expect(v.procedure).toEqual({ code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch', durationText: '03 ngày làm việc' });
    expect(v.applicant).toEqual({
      name: 'Phạm Đức Thịnh',
      idNumber: '001090012345',
      address: 'Số 12 đường Lê Lợi, ấp Tân Phú, xã Tân Hòa',
      phone: '0987 654 321',
      email: '',
    });
    expect(v.components.map((c) => c.kind)).toEqual(['original', 'certified-copy']);
    expect(v.fees).toEqual([{ name: 'Phí cấp bản sao trích lục', amount: 8000 }]);
    expect(v.clerkName).toBe('Trần Minh Tuấn');
    expect(v.logbook).toEqual({ volume: '02', seq: 37 });
    expect(v.dueAt).toBe('2026-12-09T09:05:00+07:00');
  });

  it('derives supplement, apology (with the appointment it replaces) and control rows from the events', () => {
    const v = formViewFromExport(fixture());
    expect(v.supplement?.items).toEqual([{ name: 'Giấy ủy quyền có chứng thực, ghi rõ phạm vi ủy quyền', note: '' }]);
    expect(v.apology).toMatchObject({ originalDueAt: '2026-12-07T09:05:00+07:00', newDueAt: '2026-12-09T09:05:00+07:00' });
    expect(v.controlRows.map((r) => [r.fromUnit, r.toUnit, r.outcome])).toEqual([
      ['Trung tâm Phục vụ hành chính công', 'Công chức Tư pháp - Hộ tịch', 'late'],
      ['Công chức Tư pháp - Hộ tịch', 'Trung tâm Phục vụ hành chính công', 'late'],
    ]);
    expect(v.bookRows[0]).toMatchObject({
      seq: 37,
      transferredAt: '2026-12-01T10:30:00+07:00',
      resultReceivedAt: '2026-12-08T16:00:00+07:00',
      returnedAt: '2026-12-09T08:30:00+07:00',
    });
  });

  it('grades a step finished before the due day as early, on the due day as on time', () => {
    const x = fixture();
    const events = x.events as { type: string; at: string }[];
    x.events = events.filter((e) => !['supplement-requested', 'supplement-received', 'apology-issued', 'returned'].includes(e.type));
    (x.events as { type: string; at: string }[]).find((e) => e.type === 'result-ready')!.at = '2026-12-04T07:30:00+07:00';
    const v = formViewFromExport(x);
    expect(v.controlRows.map((r) => r.outcome)).toEqual(['on-time', undefined]);
    (x.events as { type: string; at: string }[]).find((e) => e.type === 'result-ready')!.at = '2026-12-03T16:59:00+07:00';
    expect(formViewFromExport(x).controlRows[0]?.outcome).toBe('early');
  });

  it('is lenient about payloads: unknown fields, strings for components, missing optional parts', () => {
    const x = fixture();
    const received = (x.events as { payload: Record<string, unknown> }[])[0]!;
    received.payload = { ...received.payload, components: ['Tờ khai', { name: 'Giấy ủy quyền', kind: 'fax', quantity: -3 }], extra: 42, fees: 'none' };
    const v = formViewFromExport(x);
    expect(v.components).toEqual([
      { name: 'Tờ khai', kind: 'copy', quantity: 1 },
      { name: 'Giấy ủy quyền', kind: 'copy', quantity: 1 },
    ]);
    expect(v.fees).toEqual([]);
  });

  it('rejects a malformed export with validation-failed and the offending path', () => {
    expect(codeOf(() => formViewFromExport(null))).toBe('validation-failed');
    expect(codeOf(() => formViewFromExport({ dossier: {}, events: 'x' }))).toBe('validation-failed');
    const x = fixture();
    (x.events as Record<string, unknown>[])[1]!.at = '1/12/2026';
    try {
      formViewFromExport(x);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toContain('events.1.at');
    }
  });

  it('names the fields it cannot print without', () => {
    try {
      formViewFromExport({ dossier: { code: 'X-1' }, events: [] });
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).code).toBe('validation-failed');
      expect((err as AppError).details).toEqual({ missing: ['receivedAt', 'procedureName', 'applicantName'] });
    }
  });

  it('merges several exports into one book page in receipt order', () => {
    const a = fixture();
    const b = fixture();
    (b.dossier as Record<string, unknown>).code = '000.12.31.H29-261130-0002';
    (b.dossier as Record<string, unknown>).receivedAt = '2026-11-30T07:50:00+07:00';
    (b.dossier as Record<string, unknown>).logbook = { volume: '02', seq: 36 };
    const v = formViewFromExports([a, b]);
    expect(v.bookRows.map((r) => [r.seq, r.dossierCode])).toEqual([
      [36, '000.12.31.H29-261130-0002'],
      [37, '000.12.31.H29-261201-0008'],
    ]);
    expect(codeOf(() => formViewFromExports([]))).toBe('validation-failed');
  });
});

describe('Vietnamese phrasing', () => {
  it('prints counter time in Asia/Ho_Chi_Minh whatever the input offset', () => {
    expect(timeVi('2026-11-30T01:15:00Z')).toBe('08 giờ 15 phút, ngày 30/11/2026');
    expect(timeVi('2026-12-31T17:05:00Z')).toBe('00 giờ 05 phút, ngày 01/01/2027');
    expect(dateLongVi('2026-03-01T20:00:00+07:00')).toBe('ngày 01 tháng 03 năm 2026');
  });

  it('groups money with dots and spells durations', () => {
    expect(moneyVi(0)).toBe('0 đồng');
    expect(moneyVi(1_250_000)).toBe('1.250.000 đồng');
    expect(durationVi({ value: 15, unit: 'working-days' })).toBe('15 ngày làm việc');
    expect(durationVi({ value: 4, unit: 'hours' })).toBe('04 giờ');
    expect(durationVi({ value: 1, unit: 'fortnights' })).toBe('');
  });
});
