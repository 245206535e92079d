import { AppError } from '../../../shared/contract/errors.js';
import { statusRequest } from '../../../shared/escpos/commands.js';
import { statusErrorCode, statusMessages, statusParse, type PrinterStatus } from '../../../shared/escpos/status.js';
import type { PrinterTarget } from '../../../shared/escpos/target.js';
import { printerTransportOpen, type PrinterTransport } from './transport.js';

// Sending one job: ask the printer how it is (DLE EOT 1, 2, 4), refuse to send into a printer
// that is out of paper, open or offline, send, and ask again so a roll that ran out mid-receipt
// is reported (the queue then prints the whole receipt again).

export interface SendOptions {
  statusTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Skip the status round-trips (printers wired TX-only). */
  statusCheck?: boolean;
}

/** Status of a printer that answers DLE EOT; undefined for spooler and file targets. Throws printer-offline on silence. */
export async function printerStatusQuery(t: PrinterTransport, timeoutMs = 800): Promise<PrinterStatus | undefined> {
  if (t.kind === 'spool' || t.kind === 'file') return undefined;
  const answers: number[] = [];
  for (const kind of [1, 2, 4] as const) {
    const b = await t.query(statusRequest(kind), timeoutMs);
    if (b === undefined) throw new AppError('printer-offline', statusMessages['printer-offline'], { request: `DLE EOT ${kind}` });
    answers.push(b);
  }
  return statusParse(answers[0]!, answers[1]!, answers[2]!);
}

function statusAssert(status: PrinterStatus | undefined, target: string): void {
  if (!status) return;
  const code = statusErrorCode(status);
  if (code) throw new AppError(code, statusMessages[code], { target, status });
}

export async function printerSend(target: PrinterTarget, label: string, bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
  const t = await printerTransportOpen(target, options.connectTimeoutMs);
  try {
    const check = options.statusCheck ?? true;
    if (check) statusAssert(await printerStatusQuery(t, options.statusTimeoutMs), label);
    await t.write(bytes);
    if (check) statusAssert(await printerStatusQuery(t, options.statusTimeoutMs), label);
  } finally {
    await t.close();
  }
}

export async function printerStatusRead(target: PrinterTarget, options: SendOptions = {}): Promise<PrinterStatus | undefined> {
  const t = await printerTransportOpen(target, options.connectTimeoutMs);
  try {
    return await printerStatusQuery(t, options.statusTimeoutMs);
  } finally {
    await t.close();
  }
}
