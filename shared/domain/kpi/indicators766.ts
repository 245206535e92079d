import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import { dueDateComputeWithPauses, type DurationUnit } from '../deadline/dueDate.js';
import { compactInstantParse, dayFromIso, DAY_MS, vnInstant } from '../time/vnTime.js';
import type { NationalDossier } from './nationalRecord.js';

// Decision 766/QĐ-TTg indicators that a commune can compute from its own dossiers (§7.2, "Local? Yes"),
// labelled as an internal estimate (ước tính nội bộ): the official score comes from DVCQG.
// Conventions of the VPCP formula note: rate = numerator / denominator × 100, 2 decimals, N/A (null)
// when the denominator is 0; score = maxPoints when rate ≥ threshold, else rate × maxPoints / threshold.

export const KPI_LABEL = 'Ước tính nội bộ (không phải điểm chính thức trên Cổng DVCQG)';

export interface IndicatorResult {
  numerator: number;
  denominator: number;
  rate: number | null;
  name: string;
  threshold: number | null;
  /** Points if the indicator's maximum is known (configuration), else null. */
  points: number | null;
  label: string;
  byProcedure?: Record<string, { numerator: number; denominator: number; rate: number | null }>;
  unit?: string;
  direct?: number;
  postal?: number;
}

export interface KpiOptions {
  from: string;
  to: string;
  /** Procedures whose result is a paper document (from the catalogue); unknown codes count as paper. */
  paperResult: (maTTHC: string) => boolean;
  /** Procedures the catalogue lists with a non-zero fee. */
  hasFees: (maTTHC: string) => boolean;
  calendar: WorkingCalendar;
  maxPoints?: Partial<Record<string, number>>;
}

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
const rateOf = (n: number, d: number) => (d === 0 ? null : round2((n / d) * 100));

const names: Record<string, [string, number | null]> = {
  '1.4': ['Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG', null],
  '2.1': ['Hồ sơ xử lý trước hạn, đúng hạn', null],
  '2.2': ['Thời gian giải quyết trung bình (ngày)', null],
  '3.3': ['Hồ sơ nộp trực tuyến', 50],
  '3.6': ['Tỷ lệ hồ sơ thanh toán trực tuyến', null],
  '4.1': ['Hồ sơ có cấp kết quả điện tử', null],
  '4.2': ['Hồ sơ thực hiện số hóa', 80],
  '4.3': ['Khai thác, sử dụng lại dữ liệu số hóa', 80],
  '5.4': ['Hài lòng trong tiếp nhận, giải quyết TTHC', 90],
};

const defaultMaxPoints: Partial<Record<string, number>> = { '5.4': 6 };

const unitOf = (s: string | null | undefined): DurationUnit | null => {
  const v = (s ?? '').trim().toLowerCase();
  if (['working-days', 'ngày làm việc', 'ngay lam viec'].includes(v)) return 'working-days';
  if (['days', 'ngày', 'ngay'].includes(v)) return 'days';
  if (['hours', 'giờ', 'gio'].includes(v)) return 'hours';
  if (['months', 'tháng', 'thang'].includes(v)) return 'months';
  return null;
};

const t = (s: string | null | undefined) => (s ? compactInstantParse(s) : null);

function supplementRequests(d: NationalDossier) {
  return (d.DanhSachHoSoBoSung ?? []).filter((s) => s.NgayBoSung || s.NoiDungBoSung);
}

/** End of processing; a dossier still waiting for a supplement ends at the request (§5.2). */
function endOf(d: NationalDossier): number | null {
  const end = t(d.NgayKetThucXuLy);
  if (end !== null) return end;
  if ([7, 8, 9, 10].includes(d.TrangThaiHoSo)) return t(d.NgayTra);
  if (d.TrangThaiHoSo === 5) return t(supplementRequests(d)[0]?.NgayBoSung) ?? null;
  return null;
}

function pauses(d: NationalDossier, until: number) {
  return supplementRequests(d)
    .map((s) => ({ from: t(s.NgayBoSung), to: t(s.NgayTiepNhanBoSung) ?? until }))
    .filter((p): p is { from: number; to: number } => p.from !== null && p.to > p.from);
}

export const hasElectronicResult = (d: NationalDossier) =>
  Boolean(d.MaKetQua && d.DuongDanTepTinKetQua) || (d.DanhSachGiayToKetQua ?? []).some((r) => Boolean(r.DuongDanTepTinKetQua));

const hasComponentFile = (d: NationalDossier) =>
  (d.TaiLieuNop ?? []).some((f) => !(f.IsDeleted === true || f.IsDeleted === 1 || f.IsDeleted === '1' || f.IsDeleted === 'true') && Boolean(f.DuongDanTaiTepTin || f.TepDinhKemId));

/** §5.2 on national fields; null when the dossier cannot be judged (no due date, no legal time). */
function onTime(d: NationalDossier, periodEnd: number, cal: WorkingCalendar): boolean {
  if (supplementRequests(d).length > 1) return false;
  const start = compactInstantParse(d.NgayTiepNhan);
  const end = endOf(d);
  const judged = end ?? periodEnd;
  let due = t(d.NgayHenTra);
  const unit = unitOf(d.DonViTinh);
  if (due === null && unit !== null && typeof d.ThoiGianGiaiQuyet === 'number') {
    due = dueDateComputeWithPauses({ receivedAt: start, duration: { value: d.ThoiGianGiaiQuyet, unit } }, pauses(d, judged), cal);
  }
  return due !== null && judged <= due;
}

export function kpi766Compute(dossiers: readonly NationalDossier[], o: KpiOptions): Record<string, IndicatorResult> {
  const fromMs = vnInstant(dayFromIso(o.from), 0);
  const toMs = vnInstant(dayFromIso(o.to) + 1, 0) - 1000;
  const inPeriod = (ms: number) => ms >= fromMs && ms <= toMs;
  const received = dossiers.filter((d) => d.TrangThaiHoSo !== 1 && inPeriod(compactInstantParse(d.NgayTiepNhan)));
  const accepted = received.filter((d) => d.TrangThaiHoSo !== 3);
  // 2.1 and 5.4: received or processed in the period (still open during it, or ended in it).
  const active = dossiers.filter((d) => {
    if (d.TrangThaiHoSo === 1 || d.TrangThaiHoSo === 3) return false;
    const start = compactInstantParse(d.NgayTiepNhan);
    const end = endOf(d);
    return start <= toMs && (end === null || end >= fromMs);
  });
  const finished = received.filter((d) => (d.TrangThaiHoSo === 9 || d.TrangThaiHoSo === 10) && endOf(d) !== null);
  const maxPoints = { ...defaultMaxPoints, ...o.maxPoints };
  const result = (id: string, numerator: number, denominator: number, extra: Partial<IndicatorResult> = {}): IndicatorResult => {
    const [name, threshold] = names[id] as [string, number | null];
    const rate = extra.rate !== undefined ? extra.rate : rateOf(numerator, denominator);
    const max = maxPoints[id];
    const points = max === undefined || rate === null ? null : round2(threshold === null || rate >= threshold ? (threshold === null ? (rate * max) / 100 : max) : (rate * max) / threshold);
    return { numerator, denominator, rate, name, threshold, points, label: KPI_LABEL, ...extra, ...(extra.rate !== undefined ? { rate } : {}) };
  };

  const out: Record<string, IndicatorResult> = {};
  out['1.4'] = result('1.4', received.filter((d) => d.DaDongBo !== 0).length, received.length);

  const onTimeCount = active.filter((d) => onTime(d, toMs, o.calendar)).length;
  out['2.1'] = result('2.1', onTimeCount, active.length);

  const byProc: Record<string, { numerator: number; denominator: number; rate: number | null }> = {};
  let totalDays = 0;
  for (const d of finished) {
    const start = compactInstantParse(d.NgayTiepNhan);
    const end = endOf(d) as number;
    const paused = pauses(d, end).reduce((s, p) => s + (Math.min(p.to, end) - p.from), 0);
    const days = Math.max(0, end - start - paused) / DAY_MS;
    totalDays += days;
    const b = (byProc[d.MaTTHC] ??= { numerator: 0, denominator: 0, rate: null });
    b.numerator = round2(b.numerator + days);
    b.denominator += 1;
    b.rate = round2(b.numerator / b.denominator);
  }
  out['2.2'] = result('2.2', round2(totalDays), finished.length, {
    rate: finished.length === 0 ? null : round2(totalDays / finished.length),
    unit: 'days',
    byProcedure: byProc,
  });

  const online = received.filter((d) => d.KenhThucHien === 2 && (!o.paperResult(d.MaTTHC) || hasElectronicResult(d) || ![9, 10].includes(d.TrangThaiHoSo)));
  out['3.3'] = result('3.3', online.length, received.length, {
    direct: received.filter((d) => d.KenhThucHien === 1 || d.KenhThucHien == null).length,
    postal: received.filter((d) => d.KenhThucHien === 3).length,
  });

  const feeDossiers = received.filter((d) =>
    d.DanhSachLePhi && d.DanhSachLePhi.length > 0 ? d.DanhSachLePhi.some((f) => f.Gia > 0) : o.hasFees(d.MaTTHC),
  );
  out['3.6'] = result('3.6', feeDossiers.filter((d) => d.DuocThanhToanTrucTuyen === 1 || d.DuocThanhToanTrucTuyen === 2).length, feeDossiers.length);

  const paperFinished = finished.filter((d) => o.paperResult(d.MaTTHC));
  out['4.1'] = result('4.1', paperFinished.filter(hasElectronicResult).length, paperFinished.length);

  const digitised = accepted.filter(
    (d) => hasComponentFile(d) && (![9, 10].includes(d.TrangThaiHoSo) || !o.paperResult(d.MaTTHC) || hasElectronicResult(d)),
  );
  out['4.2'] = result('4.2', digitised.length, accepted.length);

  const reused = received.filter((d) => d.HoSoCoThanhPhanSoHoa === 1 || (d.TaiLieuNop ?? []).some((f) => f.DuocSoHoa === 1));
  out['4.3'] = result('4.3', reused.length, received.length);

  const late = active.length - onTimeCount;
  const disliked = active.filter((d) => d.CoPhanAnhKhongHaiLong === 1).length;
  const satisfied = active.filter((d) => d.CoPhanAnhKhongHaiLong !== 1 && onTime(d, toMs, o.calendar)).length;
  const rate54 = active.length === 0 ? null : round2(Math.max(0, 100 - (late / active.length) * 100 - (disliked / active.length) * 100));
  out['5.4'] = result('5.4', satisfied, active.length, { rate: rate54 });
  return out;
}
