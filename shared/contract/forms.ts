import { z } from 'zod';
import { command } from './define.js';

// The A4 one-stop forms (biểu mẫu, Circular 01/2018/TT-VPCP numbering; see one-stop.md §3).
// The renderer hands the main process either a ready view of the dossier or the dossier export
// (projection + events) and gets a PDF back, to print through the OS dialog and keep with the dossier.

export const formKinds = ['01', '02', '03', '04', 'control', 'book'] as const;
export type FormKind = (typeof formKinds)[number];

/** Human titles, exactly as printed (used for PDF metadata and file names). */
export const formTitles: Record<FormKind, string> = {
  '01': 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  '02': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  '03': 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  '04': 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  control: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  book: 'SỔ THEO DÕI HỒ SƠ',
};

/**
 * Which official form set the print follows: Circular 01/2018/TT-VPCP or Circular 03/2025/TT-VPCP
 * Phụ lục I (one-stop.md §3.1). Only the form numbers differ here; the 2025 wording is still to be
 * compared with the official text.
 */
export const formTemplateSets = ['2018', '2025'] as const;
export type FormTemplateSet = (typeof formTemplateSets)[number];

/** "Mẫu số …" of each form in each set, and the circular that issued it. */
export const formNumbers: Record<FormTemplateSet, { circular: string; numbers: Record<FormKind, string> }> = {
  '2018': {
    circular: 'Thông tư số 01/2018/TT-VPCP',
    numbers: { '01': '01', '02': '02', '03': '03', '04': '04', control: '05', book: '06' },
  },
  '2025': {
    circular: 'Thông tư số 03/2025/TT-VPCP',
    numbers: { '01': '01', '02': '02', '03': '03', '04': '04', control: '06', book: '07' },
  },
};

const text = z.string().max(2000);
/** An instant as ISO 8601 with offset (`2026-11-30T08:15:00+07:00` or `...Z`). */
const instant = z.iso.datetime({ offset: true });

/** bản chính / bản sao / bản sao chứng thực / bản chụp (as in the procedure catalogue). */
export const componentKinds = ['original', 'copy', 'certified-copy', 'photocopy'] as const;

export const formComponentSchema = z.object({
  name: text.min(1),
  kind: z.enum(componentKinds),
  quantity: z.number().int().min(0).max(999),
});

export const formFeeSchema = z.object({
  name: text.min(1),
  /** In đồng. */
  amount: z.number().int().min(0),
});

export const formControlRowSchema = z.object({
  fromUnit: text,
  toUnit: text,
  at: instant,
  fromUser: text.default(''),
  toUser: text.default(''),
  /** Kết quả giải quyết: trước hạn / đúng hạn / quá hạn; absent while the step is open. */
  outcome: z.enum(['early', 'on-time', 'late']).optional(),
  note: text.default(''),
});

export const formBookRowSchema = z.object({
  seq: z.number().int().min(1),
  dossierCode: text,
  procedureName: text,
  setCount: z.number().int().min(1).default(1),
  applicantName: text,
  addressPhone: text.default(''),
  handlingAgency: text.default(''),
  receivedAt: instant,
  dueAt: instant.optional(),
  transferredAt: instant.optional(),
  resultReceivedAt: instant.optional(),
  returnedAt: instant.optional(),
  note: text.default(''),
});

/** Everything the six forms print, as plain strings and numbers (no domain objects). */
export const formDossierViewSchema = z.object({
  agency: z.object({
    /** Cơ quan chủ quản, e.g. "ỦY BAN NHÂN DÂN XÃ TÂN HÒA". */
    parentName: text.default(''),
    /** Bộ phận tiếp nhận và trả kết quả / Trung tâm Phục vụ hành chính công xã. */
    unitName: text.min(1),
    agencyCode: text.default(''),
    /** Địa danh for "<place>, ngày dd tháng mm năm yyyy". */
    placeName: text.default(''),
    /** Cơ quan chủ trì giải quyết (may differ from the receiving unit). */
    handlingAgency: text.default(''),
    coordinatingAgency: text.default(''),
    lookupUrl: text.default(''),
    hotline: text.default(''),
  }),
  dossierCode: text.min(1),
  procedure: z.object({
    code: text.default(''),
    name: text.min(1),
    /** e.g. "05 ngày làm việc" (the unit varies: hours, days, working days, months). */
    durationText: text.default(''),
  }),
  applicant: z.object({
    name: text.min(1),
    idNumber: text.default(''),
    address: text.default(''),
    phone: text.default(''),
    email: text.default(''),
  }),
  receivedAt: instant,
  dueAt: instant.optional(),
  setCount: z.number().int().min(1).max(99).default(1),
  components: z.array(formComponentSchema).max(200).default([]),
  fees: z.array(formFeeSchema).max(50).default([]),
  resultDelivery: z
    .object({ mode: z.enum(['counter', 'post']), address: text.default('') })
    .default({ mode: 'counter', address: '' }),
  logbook: z.object({ volume: text, seq: z.number().int().min(1) }).optional(),
  clerkName: text.default(''),
  clerkPhone: text.default(''),
  /** Mẫu 02. */
  supplement: z
    .object({
      number: text.default(''),
      requestedAt: instant.optional(),
      /** Kind and quantity are often unknown when the request names papers in free text. */
      items: z
        .array(
          z.object({
            name: text.min(1),
            kind: z.enum(componentKinds).optional(),
            quantity: z.number().int().min(0).max(999).optional(),
            note: text.default(''),
          }),
        )
        .max(200)
        .default([]),
      reason: text.default(''),
    })
    .optional(),
  /** Mẫu 03. */
  refusal: z.object({ number: text.default(''), refusedAt: instant.optional(), reason: text.min(1) }).optional(),
  /** Mẫu 04. */
  apology: z
    .object({
      number: text.default(''),
      issuedAt: instant.optional(),
      reason: text.min(1),
      originalDueAt: instant.optional(),
      newDueAt: instant,
      signerName: text.default(''),
      signerTitle: text.default(''),
    })
    .optional(),
  controlRows: z.array(formControlRowSchema).max(500).default([]),
  bookRows: z.array(formBookRowSchema).max(2000).default([]),
  /** The date printed beside the place name; defaults to now. */
  printedAt: instant.optional(),
  templateSet: z.enum(formTemplateSets).default('2018'),
});

export type FormDossierView = z.output<typeof formDossierViewSchema>;
export type FormDossierViewInput = z.input<typeof formDossierViewSchema>;
export type FormComponent = z.output<typeof formComponentSchema>;
export type FormControlRow = z.output<typeof formControlRowSchema>;
export type FormBookRow = z.output<typeof formBookRowSchema>;

export const formRenderArgsSchema = z.union([
  z.object({ kind: z.enum(formKinds), view: formDossierViewSchema }),
  /** The dossier export as the app writes it ({ dossier, events }); validated in the main process. */
  z.object({
    kind: z.enum(formKinds),
    export: z.unknown().refine((v) => v !== undefined && v !== null, 'Thiếu dữ liệu hồ sơ xuất (export)'),
  }),
]);

export const formRenderResultSchema = z.object({
  kind: z.enum(formKinds),
  fileName: z.string(),
  pdfBase64: z.string(),
  pages: z.number().int().min(1),
  bytes: z.number().int().min(1),
  /** Hex SHA-256 of the PDF: its key in the blob store when it is kept with the dossier. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const formCommands = {
  'form:render': command({
    summary: 'Render an A4 one-stop form (Mẫu 01–04, control slip, tracking-book page) as PDF',
    args: formRenderArgsSchema,
    result: formRenderResultSchema,
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
} as const;
