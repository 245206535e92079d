import { AppError } from '../../shared/contract/errors.js';
import { scanError } from '../errors.js';
import type { ColorMode, ScanDevice, ScanSource } from '../types.js';

// TWAIN on Windows through NAPS2's console program (NAPS2.Console.exe, free, GPL): TWAIN data
// sources are 32-bit DLLs with a message loop, which a Node process cannot host without a
// native helper; NAPS2 already ships one (its 32-bit worker).

export const naps2DefaultPath = 'C:\\Program Files\\NAPS2\\NAPS2.Console.exe';

const sourceArg: Record<ScanSource, string> = { flatbed: 'glass', adf: 'feeder', duplex: 'duplex' };
const depthArg: Record<ColorMode, string> = { color: 'color', gray: 'gray', bw: 'bw' };

export function naps2ListArgs(): string[] {
  return ['--listdevices', '--driver', 'twain'];
}

/** Arguments of one job: one PNG a page in `dir`, numbered by NAPS2's $(nnnn) placeholder. */
export function naps2ScanArgs(a: { device: string; source: ScanSource; colorMode: ColorMode; dpi: number; dir: string; sep: string }): string[] {
  return [
    '--noprofile',
    '--driver', 'twain',
    '--device', a.device,
    '--source', sourceArg[a.source],
    '--dpi', String(a.dpi),
    '--bitdepth', depthArg[a.colorMode],
    '--pagesize', 'a4',
    '-o', `${a.dir}${a.sep}page-$(nnnn).png`,
    '--force',
    '--verbose',
  ];
}

export function naps2DevicesParse(stdout: string): ScanDevice[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((name) => ({ id: `twain:${name}`, driver: 'twain', name }));
}

/** Page numbers NAPS2 reports in verbose mode ("Scanned page 3."), for progress. */
export function naps2ScannedPage(line: string): number | undefined {
  const m = /scanned page (\d+)/i.exec(line);
  return m ? Number(m[1]) : undefined;
}

/**
 * NAPS2 reports device faults as text (its exit code stays 0), in the words of the TWAIN
 * condition codes: paper jam, feeder empty / no pages, cover open, busy, device offline.
 */
export function naps2ErrorOf(output: string, deviceId: string): AppError | null {
  const details = { deviceId, output: output.slice(-500) };
  if (/jam/i.test(output)) return scanError('scanner-jammed', details);
  if (/cover|door\b.*open/i.test(output)) return scanError('scanner-cover-open', details);
  if (/feeder (is )?empty|no (pages|paper|documents)|out of paper/i.test(output)) return scanError('scanner-no-paper', details);
  if (/busy|in use/i.test(output)) return scanError('scanner-busy', details);
  if (/offline|not (be )?found|could not connect|not available|no scanning device/i.test(output)) return scanError('scanner-offline', details);
  if (/error|exception/i.test(output)) return new AppError('internal', `NAPS2 báo lỗi: ${output.trim().split(/\r?\n/).at(-1) ?? ''}`, details);
  return null;
}
