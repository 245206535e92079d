import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/contract/errors.js';
import { DeviceLocks } from '../deviceLock.js';
import { requestCheck, scanCancelled, scanError } from '../errors.js';
import { imageInfo } from '../imageInfo.js';
import { outDirEnsure } from '../pageFiles.js';
import { PushQueue } from '../pageQueue.js';
import { processRunnerSpawn, type ProcessResult, type ProcessRunner } from '../processRunner.js';
import type { ScanCapabilities, ScanDevice, ScanOptions, ScannerDriver, ScanPage, ScanRequest } from '../types.js';
import { wiaCapabilitiesParse, wiaDevicesParse, wiaErrorOf, wiaLineParse } from './wiaParse.js';
import { psArgs, wiaCapabilitiesScript, wiaListScript, wiaScanScript } from './wiaScripts.js';

// Windows scanners through WIA 2, driven by PowerShell (no native addon to build or sign).
// Device id: `wia:<WIA DeviceID>`. Pages stream as the script announces each saved file.

export interface WiaDriverOptions {
  runner?: ProcessRunner;
  powershell?: string;
  timeoutMs?: number;
}

export class WiaDriver implements ScannerDriver {
  readonly name = 'wia';
  private readonly locks = new DeviceLocks();
  private readonly runner: ProcessRunner;

  constructor(private readonly options: WiaDriverOptions = {}) {
    this.runner = options.runner ?? processRunnerSpawn;
  }

  private ps(script: string, extra: { signal?: AbortSignal; onStdoutLine?: (l: string) => void; timeoutMs?: number } = {}): Promise<ProcessResult> {
    return this.runner({ command: this.options.powershell ?? 'powershell.exe', args: psArgs(script), ...extra });
  }

  private wiaId(deviceId: string): string {
    if (!deviceId.startsWith('wia:') || deviceId.length <= 4) throw scanError('scanner-offline', { deviceId });
    return deviceId.slice(4);
  }

  async devices(signal?: AbortSignal): Promise<ScanDevice[]> {
    if (process.platform !== 'win32' && this.options.runner === undefined) return [];
    const r = await this.ps(wiaListScript(), { timeoutMs: 20_000, ...(signal ? { signal } : {}) });
    if (r.spawnError !== undefined || r.code !== 0) return [];
    return wiaDevicesParse(r.stdout);
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    const r = await this.ps(wiaCapabilitiesScript(this.wiaId(deviceId)), { timeoutMs: 30_000, ...(signal ? { signal } : {}) });
    if (r.spawnError !== undefined) throw scanError('scanner-offline', { deviceId, error: r.spawnError }, 'không chạy được PowerShell');
    return wiaCapabilitiesParse(r.stdout, deviceId);
  }

  scan(deviceId: string, request: ScanRequest, options: ScanOptions = {}): AsyncIterable<ScanPage> {
    return this.job(deviceId, request, options);
  }

  private async *job(deviceId: string, request: ScanRequest, options: ScanOptions): AsyncGenerator<ScanPage> {
    requestCheck(request);
    const wiaId = this.wiaId(deviceId);
    const { signal, onProgress } = options;
    if (signal?.aborted) throw scanCancelled(deviceId);
    const release = this.locks.acquire(deviceId);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const dir = await outDirEnsure(request.outDir, 'wia');
      const queue = new PushQueue<{ n: number; path: string }>();
      let error: AppError | undefined;
      const script = wiaScanScript({ deviceId: wiaId, outDir: dir, source: request.source, colorMode: request.colorMode, dpi: request.dpi, pages: request.pages ?? 0 });
      onProgress?.({ page: 0, fraction: 0, pagesDone: 0 });
      const done = this.ps(script, {
        signal: stop.signal,
        onStdoutLine: (raw) => {
          const line = wiaLineParse(raw);
          if (line.kind === 'page') queue.push(line);
          if (line.kind === 'error') error = wiaErrorOf(line.hresult, line.message, deviceId);
        },
      }).then((r) => {
        if (signal?.aborted || r.killed) queue.fail(scanCancelled(deviceId));
        else if (r.spawnError !== undefined) queue.fail(scanError('scanner-offline', { deviceId, error: r.spawnError }, 'không chạy được PowerShell'));
        else if (error) queue.fail(error);
        else if (r.code !== 0) queue.fail(new AppError('internal', `PowerShell WIA kết thúc với mã ${String(r.code)}`, { deviceId, stderr: r.stderr.slice(0, 500) }));
        else queue.end();
      });
      let index = 0;
      for await (const p of queue.drain()) {
        const bytes = new Uint8Array(await readFile(p.path));
        const info = imageInfo(bytes);
        if (!info) throw new AppError('internal', 'Tệp trang WIA không đọc được', { path: p.path });
        onProgress?.({ page: index, fraction: 1, pagesDone: index + 1 });
        yield { index, mime: info.mime, path: p.path, width: info.width, height: info.height, dpi: request.dpi };
        index += 1;
        if (signal?.aborted) throw scanCancelled(deviceId);
      }
      await done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stop.abort();
      release();
    }
  }
}
