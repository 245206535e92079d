import { z } from 'zod';
import { AppError } from '../contract/errors.js';

// What the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, short form for a thermal slip)
// shows, as plain fields, and a lenient mapper from the app's dossier export JSON.

export interface ReceiptFee {
  label: string;
  /** Đồng, integer. */
  amount: number;
}

export interface ReceiptView {
  /** Cơ quan chủ quản, e.g. "UBND XÃ HÒA AN"; optional on the short form. */
  parentAgency?: string;
  /** Bộ phận tiếp nhận và trả kết quả / Trung tâm Phục vụ hành chính công xã. */
  unitName: string;
  dossierCode: string;
  procedureCode?: string;
  procedureName: string;
  applicantName: string;
  /** ISO instants; printed in Vietnam time (UTC+7, no daylight saving). */
  receivedAt: string;
  dueAt: string;
  componentCount: number;
  setCount: number;
  fees: ReceiptFee[];
  delivery: 'counter' | 'postal';
  /** Người nộp đồng ý nhận kết quả qua dịch vụ bưu chính công ích (Decision 45/2016/QĐ-TTg). */
  postalConsent: boolean;
  postalAddress?: string;
  lookupHint: string;
  receiverName?: string;
}

export const defaultLookupHint = 'Tra cứu hồ sơ tại dichvucong.gov.vn hoặc quét mã QR. Khi nhận kết quả mang theo giấy này và CCCD.';

const instant = z.union([z.string().min(1), z.number()]).transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: `không phải thời điểm: ${String(v)}` });
    return z.NEVER;
  }
  return d.toISOString();
});

const money = z.union([z.number(), z.string().regex(/^\d[\d.,\s]*$/)]).transform((v) => (typeof v === 'number' ? Math.round(v) : Number(v.replace(/\D/g, ''))));
const feeItem = z
  .object({ label: z.string().optional(), name: z.string().optional(), amount: money.optional(), value: money.optional() })
  .loose()
  .transform((f) => ({ label: f.label ?? f.name ?? 'Phí, lệ phí', amount: f.amount ?? f.value ?? 0 }));

const deliverySchema = z.union([
  z.string(),
  z
    .object({
      mode: z.string().optional(),
      kind: z.string().optional(),
      address: z.string().optional(),
      consent: z.boolean().optional(),
      postalConsent: z.boolean().optional(),
    })
    .loose(),
]);

export const dossierExportSchema = z
  .object({
    dossier: z
      .object({
        code: z.string().trim().min(1),
        procedureCode: z.string().optional(),
        procedureName: z.string().trim().min(1),
        applicantName: z.string().trim().min(1).optional(),
        applicant: z.object({ name: z.string().optional(), fullName: z.string().optional() }).loose().optional(),
        receivedAt: instant,
        dueAt: instant,
        components: z.union([z.array(z.unknown()), z.number().int().nonnegative()]).default([]),
        setCount: z.number().int().positive().optional(),
        fees: z.union([money, z.array(feeItem), z.object({ total: money }).loose()]).optional(),
        agencyCode: z.string().optional(),
        agencyName: z.string().optional(),
        unitName: z.string().optional(),
        delivery: deliverySchema.optional(),
        resultDelivery: deliverySchema.optional(),
        postalConsent: z.boolean().optional(),
        receiverName: z.string().optional(),
      })
      .loose(),
    events: z.array(z.unknown()).default([]),
  })
  .loose();

export interface ReceiptMapOptions {
  unitName?: string;
  parentAgency?: string;
  lookupHint?: string;
}

function deliveryOf(raw: z.infer<typeof deliverySchema> | undefined, consentFlag: boolean | undefined) {
  const mode = typeof raw === 'string' ? raw : (raw?.mode ?? raw?.kind ?? 'counter');
  // Channel code 3 = bưu chính công ích in national sync data; words from other exporters.
  const postal = mode.trim() === '3' || /post|bưu|buu|bcci|mail/i.test(mode);
  const obj = typeof raw === 'object' ? raw : undefined;
  return {
    delivery: postal ? ('postal' as const) : ('counter' as const),
    postalConsent: postal && (consentFlag ?? obj?.consent ?? obj?.postalConsent ?? true),
    postalAddress: obj?.address,
  };
}

/** Maps a dossier export (another module's JSON, possibly newer) to the receipt; throws validation-failed. */
export function receiptViewFromExport(input: unknown, options: ReceiptMapOptions = {}): ReceiptView {
  const parsed = dossierExportSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('validation-failed', `Hồ sơ xuất không hợp lệ: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, {
      field: issue?.path.join('.') ?? '',
    });
  }
  const d = parsed.data.dossier;
  const applicantName = d.applicantName ?? d.applicant?.fullName ?? d.applicant?.name;
  if (!applicantName) throw new AppError('validation-failed', 'Hồ sơ xuất thiếu tên người nộp', { field: 'dossier.applicantName' });
  const fees = d.fees === undefined ? [] : typeof d.fees === 'number' ? [{ label: 'Phí, lệ phí', amount: d.fees }] : Array.isArray(d.fees) ? d.fees : [{ label: 'Phí, lệ phí', amount: d.fees.total }];
  const view: ReceiptView = {
    unitName: options.unitName ?? d.unitName ?? d.agencyName ?? `Bộ phận tiếp nhận và trả kết quả ${d.agencyCode ?? ''}`.trim(),
    dossierCode: d.code,
    procedureName: d.procedureName,
    applicantName,
    receivedAt: d.receivedAt,
    dueAt: d.dueAt,
    componentCount: typeof d.components === 'number' ? d.components : d.components.length,
    setCount: d.setCount ?? 1,
    fees: fees.filter((f) => f.amount > 0),
    ...deliveryOf(d.resultDelivery ?? d.delivery, d.postalConsent),
    lookupHint: options.lookupHint ?? defaultLookupHint,
  };
  if (options.parentAgency) view.parentAgency = options.parentAgency;
  if (d.procedureCode) view.procedureCode = d.procedureCode;
  if (d.receiverName) view.receiverName = d.receiverName;
  if (view.postalAddress === undefined) delete view.postalAddress;
  return view;
}

/** "HH giờ mm phút, ngày dd/mm/yyyy" in Vietnam time (UTC+7 all year). */
export function receiptTimeFormat(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCHours())} giờ ${p(t.getUTCMinutes())} phút, ngày ${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
}

/** 1234567 → "1.234.567 đồng" (Vietnamese thousands separator). */
export function receiptMoneyFormat(amount: number): string {
  return `${String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

export const receiptSample: ReceiptView = {
  parentAgency: 'UBND XÃ HÒA AN',
  unitName: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÒA AN',
  dossierCode: '000.00.12.H29-261130-0007',
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh kết hợp cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  applicantName: 'Nguyễn Thị Ánh Tuyết',
  receivedAt: '2026-11-30T02:05:00.000Z',
  dueAt: '2026-12-03T09:00:00.000Z',
  componentCount: 3,
  setCount: 1,
  fees: [{ label: 'Lệ phí', amount: 8000 }],
  delivery: 'postal',
  postalConsent: true,
  postalAddress: 'Thôn Phú Mỹ, xã Hòa An, tỉnh Đắk Lắk',
  lookupHint: defaultLookupHint,
  receiverName: 'Trần Văn Hùng',
};
