import { AppError } from '../../shared/contract/errors.js';
import { scanError } from '../errors.js';
import type { ColorMode, ScanCapabilities, ScanDevice, ScanSource } from '../types.js';

// Pure parsing of what `scanimage` prints, and of its exit status (the SANE_Status of the
// failing call, see sane/sane.h: 2 cancelled, 3 busy, 4 inval, 6 jammed, 7 no docs, 8 cover
// open, 9 I/O error, 11 access denied).

/** `scanimage -f` format we ask for: one device a line, fields separated by tabs. */
export const saneListFormat = '%d\t%v\t%m\t%t%n';

export function saneDevicesParse(stdout: string): ScanDevice[] {
  const devices: ScanDevice[] = [];
  for (const line of stdout.split('\n')) {
    const [name, vendor, model, type] = line.split('\t');
    if (!name || vendor === undefined) continue;
    devices.push({ id: `sane:${name}`, driver: 'sane', name: `${vendor} ${model ?? ''}`.trim() || name, model: type ?? '' });
  }
  return devices;
}

export interface SaneOptions {
  /** Our source → the backend's own label for it. */
  sources: Partial<Record<ScanSource, string>>;
  modes: Partial<Record<ColorMode, string>>;
  resolutions: number[];
  maxWidthMm?: number;
  maxHeightMm?: number;
}

const standardDpi = [75, 100, 150, 200, 240, 300, 400, 600, 1200];

export function saneSourceOf(label: string): ScanSource | undefined {
  const l = label.toLowerCase();
  if (l.includes('duplex')) return 'duplex';
  if (l.includes('adf') || l.includes('feeder')) return 'adf';
  if (l.includes('flatbed') || l.includes('platen') || l === 'normal') return 'flatbed';
  return undefined;
}

export function saneModeOf(label: string): ColorMode | undefined {
  const l = label.toLowerCase();
  if (l.startsWith('colo') || l === 'rgb') return 'color';
  if (l.startsWith('gray') || l.startsWith('grey')) return 'gray';
  if (l.includes('lineart') || l.includes('binary') || l.includes('black')) return 'bw';
  return undefined;
}

/** Values of an option line such as `--mode Gray|Color [Gray]` or `-x 0..300mm (in steps of 1) [80]`. */
function optionValues(text: string, option: string): string | undefined {
  const re = new RegExp(`^\\s+${option.replace(/[-]/g, '\\-')} (.+?)(?: \\[[^\\]]*\\])?\\s*$`, 'm');
  return re.exec(text)?.[1];
}

function rangeMax(spec: string | undefined): number | undefined {
  const m = /^[-\d.]+\.\.([\d.]+)mm/.exec(spec ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Parses `scanimage -d <dev> -A` (all options of one device). */
export function saneOptionsParse(text: string): SaneOptions {
  const out: SaneOptions = { sources: {}, modes: {}, resolutions: [] };
  const source = optionValues(text, '--source');
  for (const label of source?.split('|') ?? []) {
    const s = saneSourceOf(label);
    if (s && out.sources[s] === undefined) out.sources[s] = label;
  }
  if (source === undefined) out.sources.flatbed = '';
  const mode = optionValues(text, '--mode');
  for (const label of mode?.split('|') ?? []) {
    const m = saneModeOf(label);
    if (m && out.modes[m] === undefined) out.modes[m] = label;
  }
  const res = optionValues(text, '--resolution');
  if (res) {
    const range = /^(\d+)\.\.(\d+)dpi/.exec(res);
    if (range) {
      const [min, max] = [Number(range[1]), Number(range[2])];
      out.resolutions = standardDpi.filter((d) => d >= min && d <= max);
    } else {
      out.resolutions = res
        .replace(/dpi.*$/, '')
        .split('|')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0)
        .sort((a, b) => a - b);
    }
  }
  const w = rangeMax(optionValues(text, '-x'));
  const h = rangeMax(optionValues(text, '-y'));
  if (w !== undefined) out.maxWidthMm = w;
  if (h !== undefined) out.maxHeightMm = h;
  return out;
}

export function saneCapabilities(o: SaneOptions): ScanCapabilities {
  const caps: ScanCapabilities = {
    sources: (['flatbed', 'adf', 'duplex'] as const).filter((s) => o.sources[s] !== undefined),
    resolutions: o.resolutions,
    colorModes: (['color', 'gray', 'bw'] as const).filter((m) => o.modes[m] !== undefined),
  };
  if (o.maxWidthMm !== undefined) caps.maxWidthMm = o.maxWidthMm;
  if (o.maxHeightMm !== undefined) caps.maxHeightMm = o.maxHeightMm;
  return caps;
}

export type SaneProgressEvent = { kind: 'page-start'; page: number } | { kind: 'progress'; percent: number };

/** Splits --progress / --batch stderr into events; returns the unfinished tail to keep. */
export function saneStderrParse(chunk: string): { events: SaneProgressEvent[]; rest: string } {
  const parts = chunk.split(/\r|\n|(?=Progress: )/);
  const rest = parts.pop() ?? '';
  const events: SaneProgressEvent[] = [];
  for (const part of parts) {
    const start = /^Scanning page (\d+)/.exec(part);
    if (start) events.push({ kind: 'page-start', page: Number(start[1]) });
    const prog = /^Progress: ([\d.]+)%/.exec(part);
    if (prog) events.push({ kind: 'progress', percent: Number(prog[1]) });
  }
  return { events, rest };
}

/**
 * The outcome of a finished scanimage run. A feeder that runs dry after pages were saved ends
 * the job normally (exit 7 is how scanimage reports it); with no page at all it is no-paper.
 */
export function saneExitError(code: number | null, stderr: string, pagesSaved: number, deviceId: string): AppError | null {
  const reason = stderr.split('\n').filter((l) => l.startsWith('scanimage:')).at(-1)?.replace(/^scanimage: /, '') ?? '';
  const details = { deviceId, exitCode: code, reason };
  if (code === 0) return null;
  if (/open of device .* failed/.test(reason)) return scanError('scanner-offline', details, reason);
  switch (code) {
    case 7:
      return pagesSaved > 0 ? null : scanError('scanner-no-paper', details);
    case 2:
      return scanError('scan-cancelled', details);
    case 3:
      return scanError('scanner-busy', details);
    case 6:
      return scanError('scanner-jammed', details);
    case 8:
      return scanError('scanner-cover-open', details);
    case 9:
    case 11:
      return scanError('scanner-offline', details, reason);
    default:
      return new AppError('internal', `scanimage thất bại (mã ${String(code)}): ${reason}`, details);
  }
}

/** The scanimage arguments of one job; pure so it can be unit-tested. */
export function saneScanArgs(a: {
  device: string;
  sourceLabel: string | undefined;
  modeLabel: string | undefined;
  dpi: number;
  pages: number;
  pattern: string;
  widthMm: number | undefined;
  heightMm: number | undefined;
  extra: string[];
}): string[] {
  const args = ['-d', a.device, '--format=png', `--batch=${a.pattern}`, '--batch-print', '--progress'];
  if (Number.isFinite(a.pages)) args.push(`--batch-count=${a.pages}`);
  if (a.sourceLabel) args.push('--source', a.sourceLabel);
  if (a.modeLabel) args.push('--mode', a.modeLabel);
  args.push('--resolution', String(a.dpi));
  // A4 when the device allows it, else the whole bed.
  if (a.widthMm !== undefined) args.push('-x', String(Math.min(210, a.widthMm)));
  if (a.heightMm !== undefined) args.push('-y', String(Math.min(297, a.heightMm)));
  return [...args, ...a.extra];
}
