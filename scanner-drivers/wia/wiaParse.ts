import { z } from 'zod';
import { AppError } from '../../shared/contract/errors.js';
import { scanError } from '../errors.js';
import type { ScanCapabilities, ScanDevice, ScanSource } from '../types.js';

// Reading what the WIA scripts print. HRESULTs are WIA_ERROR_* from wiadef.h.

const wiaErrors: Record<string, 'scanner-no-paper' | 'scanner-jammed' | 'scanner-cover-open' | 'scanner-busy' | 'scanner-offline'> = {
  '0x80210003': 'scanner-no-paper', // WIA_ERROR_PAPER_EMPTY
  '0x80210002': 'scanner-jammed', // WIA_ERROR_PAPER_JAM
  '0x80210004': 'scanner-jammed', // WIA_ERROR_PAPER_PROBLEM
  '0x80210016': 'scanner-cover-open', // WIA_ERROR_COVER_OPEN
  '0x80210006': 'scanner-busy', // WIA_ERROR_BUSY
  '0x80210007': 'scanner-busy', // WIA_ERROR_WARMING_UP
  '0x8021000D': 'scanner-busy', // WIA_ERROR_DEVICE_LOCKED
  '0x80210005': 'scanner-offline', // WIA_ERROR_OFFLINE
  '0x8021000A': 'scanner-offline', // WIA_ERROR_DEVICE_COMMUNICATION
  '0x80210015': 'scanner-offline', // WIA_S_NO_DEVICE_AVAILABLE
};

export type WiaLine =
  | { kind: 'page'; n: number; path: string; width: number; height: number }
  | { kind: 'error'; hresult: string; message: string }
  | { kind: 'other'; text: string };

export function wiaLineParse(line: string): WiaLine {
  const parts = line.replace(/\r$/, '').split('\t');
  if (parts[0] === 'PAGE' && parts.length >= 5) {
    const [n, w, h] = [Number(parts[1]), Number(parts[3]), Number(parts[4])];
    if (Number.isInteger(n) && n > 0 && parts[2]) return { kind: 'page', n, path: parts[2], width: w, height: h };
  }
  if (parts[0] === 'ERROR' && parts.length >= 2) return { kind: 'error', hresult: (parts[1] ?? '').toUpperCase().replace(/^0X/, '0x'), message: parts.slice(2).join('\t') };
  return { kind: 'other', text: line };
}

export function wiaErrorOf(hresult: string, message: string, deviceId: string): AppError {
  const code = wiaErrors[hresult];
  const details = { deviceId, hresult, message };
  return code ? scanError(code, details) : new AppError('internal', `Lỗi WIA ${hresult}: ${message}`, details);
}

const listSchema = z.array(z.object({ id: z.string().min(1), name: z.string(), manufacturer: z.string() }));

export function wiaDevicesParse(stdout: string): ScanDevice[] {
  const line = stdout.split('\n').find((l) => l.trim().startsWith('['));
  if (!line) return [];
  const parsed = listSchema.safeParse(JSON.parse(line));
  if (!parsed.success) return [];
  return parsed.data.map((d) => ({ id: `wia:${d.id}`, driver: 'wia', name: d.name || d.id, model: d.manufacturer }));
}

const capsSchema = z.object({
  handling: z.number().int(),
  resSubType: z.number().int(),
  resMin: z.number().int(),
  resMax: z.number().int(),
  resValues: z.array(z.number().int()),
});

export function wiaCapabilitiesParse(stdout: string, deviceId: string): ScanCapabilities {
  for (const line of stdout.split('\n')) {
    const l = wiaLineParse(line);
    if (l.kind === 'error') throw wiaErrorOf(l.hresult, l.message, deviceId);
  }
  const line = stdout.split('\n').find((l) => l.trim().startsWith('{'));
  const parsed = line ? capsSchema.safeParse(JSON.parse(line)) : undefined;
  if (!parsed?.success) throw new AppError('internal', 'Không đọc được khả năng của máy quét WIA', { deviceId, stdout: stdout.slice(0, 500) });
  const c = parsed.data;
  const sources: ScanSource[] = [];
  if (c.handling & 2) sources.push('flatbed');
  if (c.handling & 1) sources.push('adf');
  if (c.handling & 1 && c.handling & 4) sources.push('duplex');
  const resolutions =
    c.resSubType === 2 ? [...c.resValues].sort((a, b) => a - b) : [75, 100, 150, 200, 300, 600, 1200].filter((d) => d >= c.resMin && d <= c.resMax);
  // Every WIA scanner item supports the three standard intents.
  return { sources, resolutions, colorModes: ['color', 'gray', 'bw'] };
}
