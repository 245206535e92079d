import type { PrinterSettings } from '../../../shared/contract/printer.js';
import { printerTargetFormat, printerTargetParse, type FlowControl, type Parity } from '../../../shared/escpos/target.js';

// The settings form's state and its mapping to the one-string printer target of the contract.

export interface PrinterForm {
  kind: 'serial' | 'tcp' | 'spool';
  serialPath: string;
  baud: number;
  parity: Parity;
  flow: FlowControl;
  host: string;
  port: string;
  spoolName: string;
  profile: string;
  paper: 'profile' | '58' | '80';
  mode: PrinterSettings['mode'];
  copies: 1 | 2;
  statusCheck: boolean;
}

export const baudRates = [9600, 19200, 38400, 57600, 115200];

export function printerFormDefault(firstPort?: string, firstProfile = 'xprinter-80'): PrinterForm {
  return { kind: 'serial', serialPath: firstPort ?? '', baud: 9600, parity: 'none', flow: 'none', host: '', port: '9100', spoolName: '', profile: firstProfile, paper: 'profile', mode: 'auto', copies: 1, statusCheck: true };
}

export function printerFormFrom(s: PrinterSettings | null, firstPort?: string): PrinterForm {
  const form = printerFormDefault(firstPort);
  if (!s) return form;
  const t = printerTargetParse(s.target);
  const paper = s.paperDots === 384 ? '58' : s.paperDots === 576 ? '80' : 'profile';
  const base = { ...form, profile: s.profile, mode: s.mode, copies: s.copies, statusCheck: s.statusCheck, paper } satisfies PrinterForm;
  if (t.kind === 'serial') return { ...base, kind: 'serial', serialPath: t.path, baud: t.baudRate, parity: t.parity, flow: t.flow };
  if (t.kind === 'tcp') return { ...base, kind: 'tcp', host: t.host, port: String(t.port) };
  if (t.kind === 'spool') return { ...base, kind: 'spool', spoolName: t.printer };
  return base;
}

export function printerFormTarget(f: PrinterForm): string {
  if (f.kind === 'serial') return printerTargetFormat({ kind: 'serial', path: f.serialPath.trim(), baudRate: f.baud, parity: f.parity, flow: f.flow, dataBits: 8, stopBits: 1 });
  if (f.kind === 'tcp') return `tcp:${f.host.trim()}:${f.port.trim()}`;
  return `spool:${f.spoolName.trim()}`;
}

/** The contract's settings, or a Vietnamese reason why the form is not complete. */
export function printerFormSettings(f: PrinterForm): { ok: true; value: PrinterSettings } | { ok: false; error: string } {
  const target = printerFormTarget(f);
  try {
    printerTargetParse(target);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const value: PrinterSettings = { target, profile: f.profile, mode: f.mode, copies: f.copies, statusCheck: f.statusCheck };
  if (f.paper !== 'profile') value.paperDots = f.paper === '58' ? 384 : 576;
  return { ok: true, value };
}
