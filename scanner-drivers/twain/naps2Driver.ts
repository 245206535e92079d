import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { DeviceLocks } from '../deviceLock.js';
import { pageLimit, requestCheck, scanCancelled, scanError } from '../errors.js';
import { imageInfo } from '../imageInfo.js';
import { fileMove, outDirEnsure, pageFileName } from '../pageFiles.js';
import { processRunnerSpawn, type ProcessRunner } from '../processRunner.js';
import type { ScanCapabilities, ScanDevice, ScanOptions, ScannerDriver, ScanPage, ScanRequest } from '../types.js';
import { naps2DefaultPath, naps2DevicesParse, naps2ErrorOf, naps2ListArgs, naps2ScanArgs, naps2ScannedPage } from './naps2Parse.js';

// Device id: `twain:<TWAIN source name>`. NAPS2 writes the files when the whole batch is done,
// so pages arrive together at the end; progress comes from its verbose "Scanned page n" lines.

export interface TwainDriverOptions {
  runner?: ProcessRunner;
  /** Path of NAPS2.Console.exe. */
  naps2?: string;
  /** Path separator of the machine NAPS2 runs on (tests on Linux pass '\\'). */
  sep?: string;
}

export class TwainDriver implements ScannerDriver {
  readonly name = 'twain';
  private readonly locks = new DeviceLocks();
  private readonly runner: ProcessRunner;

  constructor(private readonly options: TwainDriverOptions = {}) {
    this.runner = options.runner ?? processRunnerSpawn;
  }

  private source(deviceId: string): string {
    if (!deviceId.startsWith('twain:') || deviceId.length <= 6) throw scanError('scanner-offline', { deviceId });
    return deviceId.slice(6);
  }

  async devices(signal?: AbortSignal): Promise<ScanDevice[]> {
    if (process.platform !== 'win32' && this.options.runner === undefined) return [];
    const r = await this.runner({ command: this.options.naps2 ?? naps2DefaultPath, args: naps2ListArgs(), timeoutMs: 30_000, ...(signal ? { signal } : {}) });
    if (r.spawnError !== undefined || r.code !== 0) return [];
    return naps2DevicesParse(r.stdout);
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    this.source(deviceId);
    // NAPS2's console cannot query a TWAIN source's capabilities without scanning; offer the
    // common set and let the source refuse what it lacks.
    return { sources: ['flatbed', 'adf', 'duplex'], resolutions: [100, 150, 200, 300, 600], colorModes: ['color', 'gray', 'bw'] };
  }

  scan(deviceId: string, request: ScanRequest, options: ScanOptions = {}): AsyncIterable<ScanPage> {
    return this.job(deviceId, request, options);
  }

  private async *job(deviceId: string, request: ScanRequest, options: ScanOptions): AsyncGenerator<ScanPage> {
    requestCheck(request);
    const device = this.source(deviceId);
    const { signal, onProgress } = options;
    if (signal?.aborted) throw scanCancelled(deviceId);
    const release = this.locks.acquire(deviceId);
    try {
      const out = await outDirEnsure(request.outDir, 'twain');
      // NAPS2 writes into its own folder; pages are moved out under our names.
      const work = await mkdtemp(join(tmpdir(), 'motcua-naps2-'));
      const args = naps2ScanArgs({ device, source: request.source, colorMode: request.colorMode, dpi: request.dpi, dir: work, sep: this.options.sep ?? sep });
      const r = await this.runner({
        command: this.options.naps2 ?? naps2DefaultPath,
        args,
        ...(signal ? { signal } : {}),
        onStdoutLine: (line) => {
          const n = naps2ScannedPage(line);
          if (n !== undefined) onProgress?.({ page: n - 1, fraction: 1, pagesDone: n });
        },
      });
      if (signal?.aborted || r.killed) throw scanCancelled(deviceId);
      if (r.spawnError !== undefined) throw scanError('scanner-offline', { deviceId, error: r.spawnError }, 'chưa cài NAPS2');
      const files = (await readdir(work)).filter((f) => /^page-\d+\.png$/.test(f)).sort();
      const fault = naps2ErrorOf(`${r.stdout}\n${r.stderr}`, deviceId);
      // A feeder that empties after some pages is the normal end of a batch; any other fault
      // comes after the pages scanned before it.
      const endError = fault && !(fault.code === 'scanner-no-paper' && files.length > 0) ? fault : null;
      if (files.length === 0 && !endError) {
        throw r.code === 0
          ? scanError(request.source === 'flatbed' ? 'scanner-offline' : 'scanner-no-paper', { deviceId })
          : new AppError('internal', `NAPS2 kết thúc với mã ${String(r.code)}`, { deviceId });
      }
      const limit = Math.min(pageLimit(request), files.length);
      try {
        for (let index = 0; index < limit; index++) {
          const from = join(work, files[index]!);
          const bytes = new Uint8Array(await readFile(from));
          const info = imageInfo(bytes);
          if (!info) throw new AppError('internal', 'Tệp trang NAPS2 không đọc được', { path: from });
          const path = join(out, pageFileName(index, info.mime));
          await fileMove(from, path);
          onProgress?.({ page: index, fraction: 1, pagesDone: index + 1 });
          yield { index, mime: info.mime, path, width: info.width, height: info.height, dpi: request.dpi };
          if (signal?.aborted) throw scanCancelled(deviceId);
        }
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      if (endError) throw endError;
    } finally {
      release();
    }
  }
}
