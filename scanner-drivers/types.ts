// One interface for every scanner family (SANE, eSCL, WIA, TWAIN, hot folder, fake). A driver
// lists devices, reports capabilities and runs scan jobs that stream pages as they arrive.
// Errors are AppErrors with the scanner-* / scan-cancelled codes of shared/contract/errors.ts.

export type ScanSource = 'flatbed' | 'adf' | 'duplex';
export type ColorMode = 'color' | 'gray' | 'bw';
export type PageMime = 'image/png' | 'image/jpeg' | 'application/pdf';

export const scanSources: readonly ScanSource[] = ['flatbed', 'adf', 'duplex'];
export const colorModes: readonly ColorMode[] = ['color', 'gray', 'bw'];

/** A device id is `<driver prefix>:<driver-specific part>`, e.g. `sane:test:0`, `escl:http://…`. */
export interface ScanDevice {
  id: string;
  driver: string;
  name: string;
  model?: string;
}

export interface ScanCapabilities {
  sources: ScanSource[];
  /** Resolutions the device accepts, in dpi, ascending. */
  resolutions: number[];
  colorModes: ColorMode[];
  /** Largest scan area in millimetres, when the device says. */
  maxWidthMm?: number;
  maxHeightMm?: number;
}

export interface ScanRequest {
  source: ScanSource;
  dpi: number;
  colorMode: ColorMode;
  /**
   * Most pages (images) to deliver. Flatbed defaults to 1; a feeder without a limit scans until it
   * runs dry, which is a normal end, not an error (unless no page at all came out).
   */
  pages?: number;
  /** Folder for page files. Drivers that produce files write there (a temp folder otherwise). */
  outDir?: string;
}

/** One scanned page: its bytes in memory or the path of a complete file (never a partial one). */
export interface ScanPage {
  index: number;
  mime: PageMime;
  bytes?: Uint8Array;
  path?: string;
  width: number;
  height: number;
  dpi: number;
}

export interface ScanProgress {
  /** Index of the page being scanned (0-based). */
  page: number;
  /** 0..1 within that page. */
  fraction: number;
  /** Pages finished so far. */
  pagesDone: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScannerDriver {
  /** Short name shown to people and used as the device-id prefix (`sane`, `escl`, …). */
  readonly name: string;
  devices(signal?: AbortSignal): Promise<ScanDevice[]>;
  capabilities(deviceId: string, signal?: AbortSignal): Promise<ScanCapabilities>;
  /**
   * Starts a job. Pages come out in order; the iterator throws an AppError on a device fault or
   * `scan-cancelled` when the signal aborts. Leaving the loop early stops the device too.
   */
  scan(deviceId: string, request: ScanRequest, options?: ScanOptions): AsyncIterable<ScanPage>;
}
