// Errors cross every process boundary (IPC, WebSocket, HTTP, CLI) as this plain envelope.
// Codes are stable kebab-case strings: the UI and tests branch on them, never on messages.

export const errorCodes = [
  'validation-failed',
  'not-found',
  'forbidden',
  'unauthenticated',
  'conflict',
  'internal',
  'timeout',
  'device-offline',
  'device-busy',
  'settings-corrupt',
  'not-configured',
  'clock-untrusted',
  'procedure-unknown',
  'scanner-offline',
  'scanner-no-paper',
  'scanner-jammed',
  'scanner-cover-open',
  'scanner-busy',
  'scan-cancelled',
  'printer-offline',
  'printer-paper-out',
  'printer-cover-open',
  'sign-wrong-pin',
  'sign-token-missing',
  'sign-certificate-expired',
  'sign-library-unreadable',
  'sync-conflict',
  'sync-rejected',
  'illegal-transition',
  'ocr-cancelled',
  'ocr-failed',
  'backup-wrong-passphrase',
  'backup-corrupt',
  'server-offline',
  'bundle-corrupt',
  'bundle-untrusted',
  'server-cert-untrusted',
  'server-ca-invalid',
  'db-lost',
  'too-large',
  'unavailable',
  // A person the province created has never signed in online at this workstation: it holds no
  // verifier of their password yet, so it cannot check one offline.
  'offline-sign-in-unavailable',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** An error that carries a stable code across boundaries. Throw it from handlers and services. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Turns anything thrown into an envelope body; unknown errors become `internal` without leaking stacks. */
export function errorBodyOf(err: unknown): ErrorBody {
  if (err instanceof AppError) return err.toBody();
  if (typeof err === 'object' && err !== null && 'code' in err && isErrorCode((err as { code: unknown }).code)) {
    const e = err as { code: ErrorCode; message?: unknown; details?: unknown };
    const body: ErrorBody = { code: e.code, message: typeof e.message === 'string' ? e.message : e.code };
    if (typeof e.details === 'object' && e.details !== null) body.details = e.details as Record<string, unknown>;
    return body;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(body: ErrorBody): Envelope<never> {
  return { ok: false, error: body };
}

/** Unwraps an envelope, re-throwing its error as an AppError (callers choose throw or result). */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new AppError(envelope.error.code, envelope.error.message, envelope.error.details);
}
