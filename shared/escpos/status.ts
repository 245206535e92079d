import type { ErrorCode } from '../contract/errors.js';

// DLE EOT answers (Epson real-time status). Each answer byte has bits 1 and 4 set and bits 0
// and 7 clear; a byte without that signature is line noise, not a status.

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  error: boolean;
}

export function statusByteValid(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** Combines the answers to DLE EOT 1, 2 and 4. */
export function statusParse(printer: number, offlineCause: number, paperSensor: number): PrinterStatus {
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paperSensor & 0x60) !== 0,
    paperNearEnd: (paperSensor & 0x0c) !== 0,
    error: (offlineCause & 0x40) !== 0,
  };
}

/** The error a print job fails with, most specific first; undefined when the printer is ready. */
export function statusErrorCode(s: PrinterStatus): Extract<ErrorCode, `printer-${string}`> | undefined {
  if (s.coverOpen) return 'printer-cover-open';
  if (s.paperOut) return 'printer-paper-out';
  if (!s.online || s.error) return 'printer-offline';
  return undefined;
}

export const statusMessages: Record<Extract<ErrorCode, `printer-${string}`>, string> = {
  'printer-offline': 'Máy in không phản hồi hoặc đang ngoại tuyến',
  'printer-paper-out': 'Máy in hết giấy',
  'printer-cover-open': 'Nắp máy in đang mở',
};

/** Status bytes a printer in the given state answers (used by the fake printer and tests). */
export function statusBytesFor(s: Partial<PrinterStatus>): { 1: number; 2: number; 3: number; 4: number } {
  return {
    1: 0x12 | (s.online === false || s.coverOpen || s.paperOut ? 0x08 : 0),
    2: 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0),
    3: 0x12,
    4: 0x12 | (s.paperOut ? 0x60 : 0) | (s.paperNearEnd ? 0x0c : 0),
  };
}
