import { z } from 'zod';
import { command, event } from './define.js';

// Digitising one dossier component (số hóa thành phần hồ sơ): scanned pages → normalised
// images → a searchable PDF with an invisible Vietnamese text layer. The PDF is then signed by
// the unit (signing contract) before it counts as a digitised copy.

const codeSchema = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,59}$/u, 'Mã gồm 1–60 chữ, số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số');

export const ocrModeSchema = z.enum(['gray', 'bilevel']);
export type OcrMode = z.infer<typeof ocrModeSchema>;

export const ocrMakePdfArgsSchema = z.object({
  /** Page images in scan order: absolute file paths, or blob ids of the local blob store. */
  pages: z.array(z.string().trim().min(1).max(4096)).min(1, 'Chưa có trang nào').max(500),
  dossierCode: codeSchema,
  componentCode: codeSchema,
  /** bilevel (1 bit, smallest) for plain text papers; gray for photos, stamps and faint print. */
  mode: ocrModeSchema.default('bilevel'),
  /** Used when the image files carry no resolution. */
  dpi: z.number().int().min(100).max(1200).optional(),
  device: z.string().trim().max(200).optional(),
  keepBlank: z.boolean().default(false),
  /** Chosen by the caller so that it can cancel and match progress events. */
  jobId: z.string().trim().min(1).max(100).optional(),
});
export type OcrMakePdfArgs = z.input<typeof ocrMakePdfArgsSchema>;

export const ocrPageSummarySchema = z.object({
  index: z.number().int(),
  dropped: z.boolean(),
  turn: z.number().int(),
  skewDegrees: z.number(),
  confidence: z.number(),
  textChars: z.number().int(),
});

export const ocrMakePdfResultSchema = z.object({
  jobId: z.string(),
  pdfPath: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int(),
  pages: z.number().int(),
  droppedBlank: z.number().int(),
  textChars: z.number().int(),
  pageSummaries: z.array(ocrPageSummarySchema),
});
export type OcrMakePdfResult = z.infer<typeof ocrMakePdfResultSchema>;

export const ocrCommands = {
  'ocr:makePdf': command({
    summary: 'Scanned pages → searchable PDF of one dossier component (emits ocr:progress)',
    args: ocrMakePdfArgsSchema,
    result: ocrMakePdfResultSchema,
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
  'ocr:cancel': command({
    summary: 'Cancel a running ocr:makePdf by its jobId (it then fails with ocr-cancelled)',
    args: z.object({ jobId: z.string().trim().min(1).max(100) }),
    result: z.object({ cancelled: z.boolean() }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
} as const;

export const ocrEvents = {
  'ocr:progress': event({
    summary: 'Progress of an ocr:makePdf job',
    payload: z.object({
      jobId: z.string(),
      fraction: z.number().min(0).max(1),
      page: z.number().int(),
      stage: z.enum(['normalise', 'ocr', 'assemble']),
    }),
  }),
} as const;
