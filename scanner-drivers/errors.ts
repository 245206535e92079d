import { AppError, type ErrorCode } from '../shared/contract/errors.js';
import type { ScanRequest } from './types.js';

// Messages are shown to the clerk, so they are Vietnamese; the code is what callers branch on.
const messages = {
  'scanner-offline': 'Không kết nối được máy quét',
  'scanner-no-paper': 'Khay nạp giấy của máy quét đang trống',
  'scanner-jammed': 'Máy quét bị kẹt giấy',
  'scanner-cover-open': 'Nắp máy quét đang mở',
  'scanner-busy': 'Máy quét đang bận với lượt quét khác',
  'scan-cancelled': 'Đã huỷ lượt quét',
} as const;

export type ScanErrorCode = keyof typeof messages;

export function scanError(code: ScanErrorCode, details?: Record<string, unknown>, extra?: string): AppError {
  return new AppError(code, extra ? `${messages[code]}: ${extra}` : messages[code], details);
}

export function scanCancelled(deviceId: string): AppError {
  return scanError('scan-cancelled', { deviceId });
}

/** Throws scan-cancelled when the signal has fired. */
export function abortCheck(signal: AbortSignal | undefined, deviceId: string): void {
  if (signal?.aborted) throw scanCancelled(deviceId);
}

export function isAppErrorCode(err: unknown, code: ErrorCode): boolean {
  return err instanceof AppError && err.code === code;
}

export function validationError(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('validation-failed', message, details);
}

/** Checks a request against what every driver needs; drivers check device limits themselves. */
export function requestCheck(request: ScanRequest): void {
  if (!Number.isInteger(request.dpi) || request.dpi < 25 || request.dpi > 2400) {
    throw validationError(`Độ phân giải ${request.dpi} dpi không hợp lệ (25–2400)`, { field: 'dpi' });
  }
  if (request.pages !== undefined && (!Number.isInteger(request.pages) || request.pages < 1 || request.pages > 10_000)) {
    throw validationError(`Số trang ${request.pages} không hợp lệ`, { field: 'pages' });
  }
}

/** Pages to deliver: flatbed gives one page unless told; feeders run until empty. */
export function pageLimit(request: ScanRequest): number {
  return request.pages ?? (request.source === 'flatbed' ? 1 : Number.POSITIVE_INFINITY);
}

/** Resolves after ms, or rejects with scan-cancelled when the signal fires first. */
export function sleep(ms: number, signal: AbortSignal | undefined, deviceId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(scanCancelled(deviceId));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(scanCancelled(deviceId));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
