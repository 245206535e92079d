import { describe, expect, it } from 'vitest';
import { builtInCalendar } from '../calendar/builtIn.js';
import { dossierEventSchema } from '../lifecycle/events.js';
import { dossierApply } from '../lifecycle/projection.js';
import { schemaParse } from '../rulepacks/common.js';
import { kpi766Compute } from './indicators766.js';
import { nationalDossierListSchema, nationalFromProjection, type NationalDossier } from './nationalRecord.js';

const options = {
  from: '2026-03-01',
  to: '2026-03-31',
  paperResult: (code: string) => code !== '1.014137',
  hasFees: (code: string) => code === '2.000815',
  calendar: builtInCalendar(),
};

const base = { MaTTHC: '2.000815', NgayTiepNhan: '20260302090000', NgayHenTra: '20260305090000' };
const rows: unknown[] = [
  // early, online, e-result, files, paid online
  { ...base, MaHoSo: 'A', TrangThaiHoSo: 10, NgayKetThucXuLy: '20260303100000', KenhThucHien: 2, TaiLieuNop: [{ TepDinhKemId: 1, DuocSoHoa: 1 }],
    DanhSachGiayToKetQua: [{ DuongDanTepTinKetQua: 'https://x/kq.pdf' }], DanhSachLePhi: [{ Gia: 4000 }], DuocThanhToanTrucTuyen: '1' },
  // late, direct, no files
  { ...base, MaHoSo: 'B', TrangThaiHoSo: 9, NgayKetThucXuLy: '20260306090000', KenhThucHien: 1, DanhSachLePhi: [{ Gia: 0 }] },
  // two supplement requests → late although finished before the due date
  { ...base, MaHoSo: 'C', TrangThaiHoSo: 10, NgayKetThucXuLy: '20260304090000', KenhThucHien: 3,
    DanhSachHoSoBoSung: [{ NgayBoSung: '20260302100000', NgayTiepNhanBoSung: '20260302150000' }, { NgayBoSung: '20260303090000', NgayTiepNhanBoSung: '20260303100000' }],
    CoPhanAnhKhongHaiLong: 1 },
  // waiting for a supplement since before the due date → on time
  { ...base, MaHoSo: 'D', TrangThaiHoSo: 5, DanhSachHoSoBoSung: [{ NgayBoSung: '20260303090000' }] },
  // refused: out of 2.1 and 4.2
  { ...base, MaHoSo: 'E', TrangThaiHoSo: 3, NgayKetThucXuLy: '20260302093000' },
  // outside the period
  { ...base, MaHoSo: 'F', TrangThaiHoSo: 10, NgayTiepNhan: '20260201090000', NgayHenTra: '20260205090000', NgayKetThucXuLy: '20260204090000' },
];

describe('Decision 766 indicators (internal estimate)', () => {
  const dossiers = schemaParse(nationalDossierListSchema, rows, 'Dữ liệu');
  const k = kpi766Compute(dossiers, options);

  it('2.1 counts on-time dossiers received or processed in the period (§5.2)', () => {
    expect(k['2.1']).toMatchObject({ numerator: 2, denominator: 4, rate: 50 });
  });

  it('2.2 averages processing days of finished dossiers, supplement time excluded', () => {
    // A: 1d 1h; B: 4d; C: 2d − 5h − 1h.
    expect(k['2.2']?.denominator).toBe(3);
    expect(k['2.2']?.rate).toBeCloseTo((25 / 24 + 4 + (48 - 6) / 24) / 3, 2);
  });

  it('3.3, 3.6, 4.1, 4.2, 4.3, 1.4 follow their formulas', () => {
    expect(k['3.3']).toMatchObject({ numerator: 1, denominator: 5, rate: 20, direct: 3, postal: 1 });
    expect(k['3.6']).toMatchObject({ numerator: 1, denominator: 4, rate: 25 }); // B has only Gia 0
    expect(k['4.1']).toMatchObject({ numerator: 1, denominator: 3, rate: 33.33 });
    expect(k['4.2']).toMatchObject({ numerator: 1, denominator: 4, rate: 25 });
    expect(k['4.3']).toMatchObject({ numerator: 1, denominator: 5, rate: 20 });
    expect(k['1.4']).toMatchObject({ numerator: 5, denominator: 5, rate: 100 });
  });

  it('5.4 = 100 − (late rate + dislike rate), scored against 90% with 6 points', () => {
    expect(k['5.4']).toMatchObject({ rate: 25, threshold: 90, points: 1.67 });
    expect(k['5.4']?.label).toMatch(/Ước tính nội bộ/);
  });

  it('gives null rates for an empty period', () => {
    const empty = kpi766Compute(dossiers, { ...options, from: '2027-01-01', to: '2027-01-31' });
    expect(empty['2.1']).toMatchObject({ numerator: 0, denominator: 0, rate: null });
  });

  it('refuses malformed input with the failing path', () => {
    expect(() => schemaParse(nationalDossierListSchema, [{ MaHoSo: 'X', MaTTHC: 'Y', NgayTiepNhan: '2026-03-02', TrangThaiHoSo: 2 }], 'Dữ liệu')).toThrow(/0\.NgayTiepNhan/);
  });

  it('computes the same from local projections mapped to national fields', () => {
    const p = dossierApply(null, dossierEventSchema.parse({
      id: 'e1', dossierId: 'd', seq: 1, type: 'received', at: '2026-03-02T09:00:00+07:00',
      actor: { userId: 'u', userName: 'U', workstationId: 'w' },
      payload: { code: 'XYZ-260302-0001', agencyCode: 'XYZ', procedureCode: '2.000815', procedureName: 'CT', channel: 2,
        applicant: { name: 'A', idNumber: null, address: null, phone: null, email: null }, components: [], fees: [],
        duration: { value: 3, unit: 'working-days' }, dueAt: '2026-03-05T09:00:00+07:00',
        rulePackVersions: { catalogue: 'c', calendar: 'k', agencies: 'a', statusMapping: 's' }, procedureOverride: null },
    }));
    const row: NationalDossier = nationalFromProjection(p, false);
    const r = kpi766Compute([row], options);
    expect(r['1.4']).toMatchObject({ numerator: 0, denominator: 1 });
    expect(r['2.1']).toMatchObject({ numerator: 0, denominator: 1 }); // still open on 31/03, due 05/03: late
    expect(kpi766Compute([row], { ...options, to: '2026-03-04' })['2.1']).toMatchObject({ numerator: 1, denominator: 1 });
    expect(r['3.3']).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
