import { z } from 'zod';
import { command, event } from './define.js';

// Scanning papers at the counter (quét giấy tờ của hồ sơ). The renderer lists devices, starts a
// job and gets pages as they arrive through scan:progress (each page is a file in the main
// process's page folder, handed on to ocr:makePdf by path); scan:changed tells the end.

export const scanSourceSchema = z.enum(['flatbed', 'adf', 'duplex']);
export const scanColorModeSchema = z.enum(['color', 'gray', 'bw']);

export const scanDeviceSchema = z.object({
  /** `<driver>:<id>`, e.g. `sane:test:0`, `escl:http://10.0.0.20/eSCL`, `wia:{…}\\0001`. */
  id: z.string(),
  driver: z.string(),
  name: z.string(),
  model: z.string().optional(),
});

export const scanCapabilitiesSchema = z.object({
  sources: z.array(scanSourceSchema),
  resolutions: z.array(z.number().int()),
  colorModes: z.array(scanColorModeSchema),
  maxWidthMm: z.number().optional(),
  maxHeightMm: z.number().optional(),
});

const deviceIdSchema = z.string().trim().regex(/^[a-z]+:.{1,500}$/, 'Mã máy quét phải có dạng <trình điều khiển>:<mã>');
const jobIdSchema = z.string().trim().min(1).max(100);

export const scanStartArgsSchema = z.object({
  deviceId: deviceIdSchema,
  source: scanSourceSchema.default('flatbed'),
  dpi: z.number().int().min(75, 'Độ phân giải tối thiểu 75 dpi').max(1200, 'Độ phân giải tối đa 1200 dpi').default(300),
  colorMode: scanColorModeSchema.default('gray'),
  /** Most pages; absent: one from the flatbed, or the feeder until it runs dry. */
  pages: z.number().int().min(1).max(500).optional(),
  /** Chosen by the caller so that it can match events; generated when absent. */
  jobId: jobIdSchema.optional(),
});

export const scanPageFileSchema = z.object({
  index: z.number().int(),
  /** Absolute path of the page file in the main process (input of ocr:makePdf). */
  path: z.string(),
  mime: z.enum(['image/png', 'image/jpeg', 'application/pdf']),
  width: z.number().int(),
  height: z.number().int(),
  dpi: z.number().int(),
  bytes: z.number().int(),
});
export type ScanPageFile = z.infer<typeof scanPageFileSchema>;

const roles = ['clerk', 'postal', 'supervisor', 'admin'] as const;

export const scanCommands = {
  'scan:devices': command({
    summary: 'Scanners every driver sees, and the drivers that could not list',
    args: z.object({}),
    result: z.object({ devices: z.array(scanDeviceSchema), failures: z.array(z.object({ driver: z.string(), message: z.string() })) }),
    roles,
  }),
  'scan:capabilities': command({
    summary: 'Sources, resolutions and colour modes of one scanner (throws scanner-offline)',
    args: z.object({ deviceId: deviceIdSchema }),
    result: scanCapabilitiesSchema,
    roles,
  }),
  'scan:start': command({
    summary: 'Start a scan job; pages come as scan:progress, the end as scan:changed',
    args: scanStartArgsSchema,
    result: z.object({ jobId: z.string() }),
    roles,
  }),
  'scan:cancel': command({
    summary: 'Cancel a running scan job (it then ends with scan-cancelled)',
    args: z.object({ jobId: jobIdSchema }),
    result: z.object({ cancelled: z.boolean() }),
    roles,
  }),
} as const;

export const scanEvents = {
  'scan:progress': event({
    summary: 'Progress of a scan job; `pageFile` is set when a page has arrived',
    payload: z.object({
      jobId: z.string(),
      page: z.number().int(),
      fraction: z.number().min(0).max(1),
      pagesDone: z.number().int(),
      pageFile: scanPageFileSchema.optional(),
    }),
  }),
  'scan:changed': event({
    summary: 'A scan job ended: done, cancelled or failed (with the error code)',
    payload: z.object({
      jobId: z.string(),
      deviceId: z.string(),
      state: z.enum(['done', 'cancelled', 'failed']),
      pages: z.array(scanPageFileSchema),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  }),
} as const;
