import { z } from 'zod';
import type { DossierProjection } from '../domain/lifecycle/projection.js';
import { nationalFromProjection } from '../domain/kpi/nationalRecord.js';
import { nationalCodeSchema, procedureFind, type CataloguePack, type Procedure } from '../domain/rulepacks/cataloguePack.js';
import { rulePackInForce } from '../domain/rulepacks/common.js';
import { isoFromDay, isoInstantParse, vnWall } from '../domain/time/vnTime.js';

// The national one-stop sync document (DongBoHoSoMC, one-stop.md §15): what the provincial
// connector sends for each dossier. Pure: the server run and the CLI build the same bytes.
// Dates are yyyyMMddHHmmss in Asia/Ho_Chi_Minh. A dossier whose MaTTHC is not in the catalogue
// in force on its receipt date is held back: DVCQG refuses unknown codes, and a retired code
// synced anyway is the "hồ sơ đồng bộ sai mã TTHC" the provinces are reprimanded for.

const compact = z.string().regex(/^\d{14}$/, 'Ngày phải có dạng yyyyMMddHHmmss');
const flag01 = z.union([z.literal(0), z.literal(1)]);

export const dvcqgFileSchema = z
  .object({
    TepDinhKemId: z.string().min(1),
    TenTepDinhKem: z.string().min(1),
    IsDeleted: z.boolean(),
    MaThanhPhanHoSo: z.string().nullable(),
    DuongDanTaiTepTin: z.string().nullable(),
    DuocSoHoa: flag01,
    DuocLayTuKhoDMQG: flag01,
  })
  .strict();

export const dvcqgItemSchema = z
  .object({
    MaHoSo: z.string().min(1).max(64),
    MaTTHC: nationalCodeSchema,
    TenTTHC: z.string().min(1),
    MaLinhVuc: z.string().min(1),
    TenLinhVuc: z.string().min(1),
    SoBienNhan: z.string().nullable(),
    ChuHoSo: z.string().nullable(),
    LoaiDoiTuong: z.union([z.literal(1), z.literal(2)]),
    MaDoiTuong: z.string().nullable(),
    TrichYeuHoSo: z.string(),
    NgayTiepNhan: compact,
    NgayHenTra: compact,
    TrangThaiHoSo: z.number().int().min(1).max(10),
    NgayTra: compact.nullable(),
    NgayKetThucXuLy: compact.nullable(),
    DonViXuLy: z.string().min(1),
    HinhThuc: flag01,
    KenhThucHien: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    ThoiGianGiaiQuyet: z.number().min(0),
    DonViTinh: z.string(),
    DuocThanhToanTrucTuyen: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    HoSoCoThanhPhanSoHoa: flag01,
    GhiChu: z.string().nullable(),
    TaiLieuNop: z.array(dvcqgFileSchema),
    DanhSachLePhi: z.array(
      z.object({ TenPhiLePhi: z.string(), MaPhiLePhi: z.string(), HinhThucThu: z.number().int(), Gia: z.number().min(0), LoaiPhiLePhi: z.number().int() }).strict(),
    ),
    DanhSachHoSoBoSung: z.array(
      z.object({ HoSoBoSungId: z.string(), NoiDungBoSung: z.string(), NgayBoSung: compact, NgayTiepNhanBoSung: compact.nullable(), TrangThaiBoSung: z.number().int() }).strict(),
    ),
    DanhSachGiayToKetQua: z.array(z.object({ TenGiayTo: z.string(), GiayToId: z.string(), DuongDanTepTinKetQua: z.string().nullable() }).strict()),
  })
  .strict();
export type DvcqgItem = z.infer<typeof dvcqgItemSchema>;

/** The request body of `DongBoHoSoMC`: `isUpdating` true makes the portal upsert, so a re-sent period is harmless. */
export const dongBoHoSoMcSchema = z
  .object({
    service: z.literal('DongBoHoSoMC'),
    MaDinhDanhDV: z.string().min(1),
    isUpdating: z.boolean(),
    data: z.array(dvcqgItemSchema),
  })
  .strict();
export type DongBoHoSoMc = z.infer<typeof dongBoHoSoMcSchema>;

/** The file metadata a dossier's TaiLieuNop is built from (the `files` collection). */
export interface DvcqgFileInput {
  sha256: string;
  name: string;
  componentCode: string | null;
  role?: 'component' | 'result';
  deleted?: boolean;
}

export type HoldReason = 'procedure-unknown' | 'procedure-retired' | 'procedure-no-national-code' | 'projection-invalid' | 'item-invalid';

export interface DvcqgHeld {
  dossierId: string;
  code: string | null;
  procedureCode: string | null;
  reason: HoldReason;
  message: string;
}

export type DvcqgMapResult = { ok: true; item: DvcqgItem } | { ok: false; held: DvcqgHeld };

const unitNames: Record<string, string> = { 'working-days': 'Ngày làm việc', days: 'Ngày', hours: 'Giờ', months: 'Tháng' };

/** The Vietnamese calendar date of an instant (receipt dates decide which catalogue applies). */
export function vnDateOf(iso: string): string {
  return isoFromDay(vnWall(isoInstantParse(iso)).day);
}

function held(p: Pick<DossierProjection, 'id' | 'code' | 'procedureCode'>, reason: HoldReason, message: string): DvcqgMapResult {
  return { ok: false, held: { dossierId: p.id, code: p.code, procedureCode: p.procedureCode, reason, message } };
}

/**
 * The procedure a dossier is synced under: in force on the receipt date in the catalogue in force
 * on that date. Distinguishes a retired code (known, but validTo passed) from an unknown one.
 */
export function dvcqgProcedureResolve(
  p: Pick<DossierProjection, 'id' | 'code' | 'procedureCode' | 'receivedAt'>,
  catalogues: readonly CataloguePack[],
): { ok: true; procedure: Procedure } | { ok: false; held: DvcqgHeld } {
  const date = vnDateOf(p.receivedAt);
  const pack = rulePackInForce(catalogues, date);
  const code = p.procedureCode.trim();
  if (pack === undefined) return held(p, 'procedure-unknown', `Không có danh mục TTHC có hiệu lực ngày ${date}`) as { ok: false; held: DvcqgHeld };
  const procedure = procedureFind(pack, code, date);
  if (procedure === undefined) {
    const retired = pack.procedures.find((x) => (x.nationalCode === code || x.localCode === code) && x.validTo !== null && x.validTo <= date);
    return (retired
      ? held(p, 'procedure-retired', `Mã TTHC ${code} đã hết hiệu lực từ ${retired.validTo} (danh mục ${pack.version}), hồ sơ tiếp nhận ngày ${date}`)
      : held(p, 'procedure-unknown', `Mã TTHC ${code} không có trong danh mục ${pack.version} có hiệu lực ngày ${date}`)) as { ok: false; held: DvcqgHeld };
  }
  if (procedure.nationalCode === null) {
    return held(p, 'procedure-no-national-code', `Thủ tục ${procedure.localCode} chưa có mã TTHC quốc gia trong danh mục ${pack.version}`) as { ok: false; held: DvcqgHeld };
  }
  return { ok: true, procedure };
}

/** One DongBoHoSoMC item from a dossier projection, its files and the catalogues on record. */
export function dvcqgItemFromProjection(
  p: DossierProjection,
  files: readonly DvcqgFileInput[],
  catalogues: readonly CataloguePack[],
): DvcqgMapResult {
  const resolved = dvcqgProcedureResolve(p, catalogues);
  if (!resolved.ok) return { ok: false, held: resolved.held };
  const proc = resolved.procedure;
  // Dates, status and fee lines come from the same mapping the 766 indicators use.
  const n = nationalFromProjection(p, true);
  const components = files.filter((f) => f.role !== 'result');
  const results = files.filter((f) => f.role === 'result' && !f.deleted);
  const candidate: DvcqgItem = {
    MaHoSo: p.code,
    MaTTHC: proc.nationalCode as string,
    TenTTHC: proc.name,
    MaLinhVuc: proc.sectorCode,
    TenLinhVuc: proc.sectorName,
    SoBienNhan: p.code,
    ChuHoSo: p.applicantName || null,
    LoaiDoiTuong: 1,
    MaDoiTuong: p.applicantIdNumber,
    TrichYeuHoSo: `${proc.name} - ${p.applicantName}`,
    NgayTiepNhan: n.NgayTiepNhan,
    NgayHenTra: n.NgayHenTra ?? n.NgayTiepNhan,
    TrangThaiHoSo: n.TrangThaiHoSo,
    NgayTra: n.NgayTra ?? null,
    NgayKetThucXuLy: n.NgayKetThucXuLy ?? null,
    DonViXuLy: p.currentUnit,
    HinhThuc: 0,
    KenhThucHien: p.channel,
    ThoiGianGiaiQuyet: p.duration.value,
    DonViTinh: unitNames[p.duration.unit] ?? p.duration.unit,
    DuocThanhToanTrucTuyen: p.paymentOnline,
    HoSoCoThanhPhanSoHoa: p.reusedComponent ? 1 : 0,
    GhiChu: p.procedureOverridden ? 'Tiếp nhận với mã thủ tục được lãnh đạo cho phép' : null,
    TaiLieuNop: components.map((f) => ({
      TepDinhKemId: f.sha256,
      TenTepDinhKem: f.name,
      IsDeleted: f.deleted === true,
      MaThanhPhanHoSo: f.componentCode,
      DuongDanTaiTepTin: null,
      DuocSoHoa: p.digitisedComponent ? 1 : 0,
      DuocLayTuKhoDMQG: p.reusedComponent ? 1 : 0,
    })),
    DanhSachLePhi: p.fees.map((f) => ({ TenPhiLePhi: f.name, MaPhiLePhi: f.code, HinhThucThu: p.paymentOnline === 0 ? 1 : 2, Gia: f.amount, LoaiPhiLePhi: 1 })),
    DanhSachHoSoBoSung: p.supplements.map((s, i) => ({
      HoSoBoSungId: `${p.code}-BS${i + 1}`,
      NoiDungBoSung: s.reason,
      NgayBoSung: s.requestedAt.replace(/\D/g, '').slice(0, 14),
      NgayTiepNhanBoSung: s.receivedAt ? s.receivedAt.replace(/\D/g, '').slice(0, 14) : null,
      TrangThaiBoSung: s.receivedAt ? 1 : 0,
    })),
    DanhSachGiayToKetQua: results.map((f) => ({ TenGiayTo: f.name, GiayToId: f.sha256, DuongDanTepTinKetQua: null })),
  };
  const checked = dvcqgItemSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return held(p, 'item-invalid', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'không hợp lệ'}`);
  }
  return { ok: true, item: checked.data };
}

const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T/);
/** The projection fields the mapping reads; a replicated dossier row keeps the full projection under `projection`. */
export const dvcqgProjectionSchema = z.looseObject({
  id: z.string().min(1),
  code: z.string().min(1),
  procedureCode: z.string(),
  procedureName: z.string(),
  procedureOverridden: z.boolean().default(false),
  applicantName: z.string(),
  applicantIdNumber: z.string().nullable().default(null),
  nationalStatus: z.number().int().min(1).max(10),
  channel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  receivedAt: instant,
  dueAt: instant,
  originalDueAt: instant,
  finishedAt: instant.optional(),
  returnedAt: instant.optional(),
  duration: z.object({ value: z.number().min(0), unit: z.string() }),
  currentUnit: z.string().min(1),
  fees: z.array(z.object({ code: z.string(), name: z.string(), amount: z.number().min(0) })),
  paymentOnline: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  supplements: z.array(z.object({ requestedAt: z.string(), receivedAt: z.string().nullable(), reason: z.string() })),
  componentFiles: z.number().int().min(0),
  digitisedComponent: z.boolean(),
  reusedComponent: z.boolean(),
  electronicResult: z.boolean(),
  rating: z.object({ score: z.number(), dislike: z.boolean() }).nullable(),
});

/** A replicated dossier row (the server's) or a workstation's dossier document, checked, then mapped. */
export function dvcqgItemFromDoc(id: string, doc: Record<string, unknown>, files: readonly DvcqgFileInput[], catalogues: readonly CataloguePack[]): DvcqgMapResult {
  const parsed = dvcqgProjectionSchema.safeParse(doc.projection ?? doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const code = typeof doc.code === 'string' ? doc.code : null;
    return { ok: false, held: { dossierId: id, code, procedureCode: null, reason: 'projection-invalid', message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` } };
  }
  // Files in a stable order, so the same dossier exports the same bytes.
  const sorted = [...files].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  return dvcqgItemFromProjection(parsed.data as unknown as DossierProjection, sorted, catalogues);
}

/** Items in a stable order (by MaHoSo) so the same period exports the same bytes. */
export function dongBoHoSoMcBuild(unitId: string, items: readonly DvcqgItem[]): DongBoHoSoMc {
  const data = [...items].sort((a, b) => (a.MaHoSo < b.MaHoSo ? -1 : a.MaHoSo > b.MaHoSo ? 1 : 0));
  return dongBoHoSoMcSchema.parse({ service: 'DongBoHoSoMC', MaDinhDanhDV: unitId, isUpdating: true, data });
}
