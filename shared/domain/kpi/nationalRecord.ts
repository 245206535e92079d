import { z } from 'zod';
import type { DossierProjection } from '../lifecycle/projection.js';
import { compactInstantParse, vnWall, isoFromDay } from '../time/vnTime.js';

// A dossier as the national sync (DongBoHoSoMC, §15) names its fields; the 766 formulas (§7.2) are
// written against these names. Dates are yyyyMMddHHmmss in Asia/Ho_Chi_Minh. Flags arrive as numbers,
// numeric strings or booleans from different systems, so they are normalised to 0/1/2.

const compactDate = z
  .string()
  .regex(/^\d{14}$/, 'Ngày phải có dạng yyyyMMddHHmmss')
  .refine((s) => {
    try {
      compactInstantParse(s);
      return true;
    } catch {
      return false;
    }
  }, 'Ngày giờ không tồn tại');

const optionalDate = z.preprocess((v) => (v === '' ? null : v), compactDate.nullable().optional());

const flag = z.preprocess((v) => {
  if (v === true) return 1;
  if (v === false || v === '' ) return 0;
  if (typeof v === 'string' && /^\d$/.test(v)) return Number(v);
  return v;
}, z.number().int().min(0).max(2).nullable().optional());

const text = z.string().nullable().optional();

export const nationalDossierSchema = z
  .object({
    MaHoSo: z.string().min(1, 'Thiếu MaHoSo'),
    MaTTHC: z.string().min(1, 'Thiếu MaTTHC'),
    NgayTiepNhan: compactDate,
    NgayHenTra: optionalDate,
    NgayKetThucXuLy: optionalDate,
    NgayTra: optionalDate,
    TrangThaiHoSo: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(10)),
    KenhThucHien: z.preprocess((v) => (typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v), z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable().optional()),
    ThoiGianGiaiQuyet: z.number().min(0).nullable().optional(),
    DonViTinh: text,
    DanhSachHoSoBoSung: z
      .array(z.object({ NoiDungBoSung: text, NgayBoSung: optionalDate, NgayTiepNhanBoSung: optionalDate, NgayHenTraTruoc: optionalDate, NgayHenTraMoi: optionalDate }).passthrough())
      .nullable()
      .optional(),
    TaiLieuNop: z
      .array(z.object({ TepDinhKemId: z.union([z.string(), z.number()]).nullable().optional(), DuongDanTaiTepTin: text, IsDeleted: z.union([z.boolean(), z.number(), z.string()]).nullable().optional(), DuocSoHoa: flag, DuocLayTuKhoDMQG: flag }).passthrough())
      .nullable()
      .optional(),
    DanhSachGiayToKetQua: z.array(z.object({ DuongDanTepTinKetQua: text }).passthrough()).nullable().optional(),
    DanhSachLePhi: z
      .array(z.object({ MaPhiLePhi: text, TenPhiLePhi: text, Gia: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().min(0)) }).passthrough())
      .nullable()
      .optional(),
    DuocThanhToanTrucTuyen: flag,
    HoSoCoThanhPhanSoHoa: flag,
    MaKetQua: text,
    DuongDanTepTinKetQua: text,
    /** Local extension for 1.4: 0 when the record has not reached DVCQG yet. */
    DaDongBo: flag,
    /** Local extension for 5.4: 1 when the citizen complained or rated "dislike". */
    CoPhanAnhKhongHaiLong: flag,
  })
  .passthrough();
export type NationalDossier = z.infer<typeof nationalDossierSchema>;

export const nationalDossierListSchema = z.array(nationalDossierSchema);

const compact = (iso: string | undefined | null): string | null => {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}` : null;
};

/** The local projection in national field names, so the same formulas serve both. */
export function nationalFromProjection(p: DossierProjection, synced: boolean): NationalDossier {
  return {
    MaHoSo: p.code,
    MaTTHC: p.procedureCode,
    NgayTiepNhan: compact(p.receivedAt) as string,
    NgayHenTra: compact(p.originalDueAt),
    NgayKetThucXuLy: compact(p.finishedAt),
    NgayTra: compact(p.returnedAt),
    TrangThaiHoSo: p.nationalStatus,
    KenhThucHien: p.channel,
    DanhSachHoSoBoSung: p.supplements.map((s) => ({ NoiDungBoSung: s.reason, NgayBoSung: compact(s.requestedAt), NgayTiepNhanBoSung: compact(s.receivedAt) })),
    TaiLieuNop: p.componentFiles > 0 ? [{ TepDinhKemId: 'local', DuocSoHoa: p.reusedComponent ? 1 : 0 }] : [],
    DanhSachGiayToKetQua: p.electronicResult ? [{ DuongDanTepTinKetQua: 'local' }] : [],
    DanhSachLePhi: p.fees.map((f) => ({ MaPhiLePhi: f.code, TenPhiLePhi: f.name, Gia: f.amount })),
    DuocThanhToanTrucTuyen: p.paymentOnline,
    HoSoCoThanhPhanSoHoa: p.reusedComponent ? 1 : 0,
    DaDongBo: synced ? 1 : 0,
    CoPhanAnhKhongHaiLong: p.rating?.dislike ? 1 : 0,
  };
}

export function compactToIsoDate(s: string): string {
  return isoFromDay(vnWall(compactInstantParse(s)).day);
}
