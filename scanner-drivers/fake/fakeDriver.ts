import { join } from 'node:path';
import { DeviceLocks } from '../deviceLock.js';
import { abortCheck, pageLimit, requestCheck, scanCancelled, scanError, sleep, validationError, type ScanErrorCode } from '../errors.js';
import { fileWriteAtomic, outDirEnsure, pageFileName } from '../pageFiles.js';
import type { ScanCapabilities, ScanDevice, ScanOptions, ScannerDriver, ScanPage, ScanRequest } from '../types.js';
import { pageImageRender } from './pageImage.js';

// A deterministic scanner for demos and tests: generated pages, a feeder of fixed size, and
// faults injected by configuration (never by hooks inside the code path).

export interface FakeFault {
  code: Exclude<ScanErrorCode, 'scan-cancelled'>;
  /** Pages delivered before the fault; 0 faults at start. */
  afterPages: number;
}

export interface FakeDeviceConfig {
  /** The part after `fake:`. */
  key: string;
  name?: string;
  /** Sheets in the feeder; 0 means the feeder is empty. */
  feederSheets?: number;
  duplex?: boolean;
  flatbed?: boolean;
  format?: 'png' | 'jpeg';
  /** Delay per progress step (4 steps a page), to make cancel and busy observable. */
  stepDelayMs?: number;
  fault?: FakeFault;
}

export interface FakeDriverOptions {
  devices?: FakeDeviceConfig[];
}

export const fakeDefaultDevices: FakeDeviceConfig[] = [
  { key: 'demo', name: 'Máy quét mô phỏng', feederSheets: 10, duplex: true, flatbed: true, format: 'jpeg' },
];

export class FakeDriver implements ScannerDriver {
  readonly name = 'fake';
  private readonly configs: FakeDeviceConfig[];
  private readonly locks = new DeviceLocks();

  constructor(options: FakeDriverOptions = {}) {
    this.configs = options.devices ?? fakeDefaultDevices;
  }

  private config(deviceId: string): FakeDeviceConfig {
    const c = this.configs.find((d) => `fake:${d.key}` === deviceId);
    if (!c) throw scanError('scanner-offline', { deviceId });
    return c;
  }

  async devices(): Promise<ScanDevice[]> {
    return this.configs.map((c) => ({ id: `fake:${c.key}`, driver: this.name, name: c.name ?? `Fake ${c.key}`, model: 'MộtCửa fake scanner' }));
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    const c = this.config(deviceId);
    const sources: ScanCapabilities['sources'] = [];
    if (c.flatbed !== false) sources.push('flatbed');
    if (c.feederSheets !== undefined) sources.push('adf');
    if (c.feederSheets !== undefined && c.duplex) sources.push('duplex');
    return { sources, resolutions: [75, 100, 150, 200, 300, 600], colorModes: ['color', 'gray', 'bw'], maxWidthMm: 216, maxHeightMm: 356 };
  }

  scan(deviceId: string, request: ScanRequest, options: ScanOptions = {}): AsyncIterable<ScanPage> {
    return this.run(deviceId, request, options);
  }

  private async *run(deviceId: string, request: ScanRequest, options: ScanOptions): AsyncGenerator<ScanPage> {
    const c = this.config(deviceId);
    requestCheck(request);
    const caps = await this.capabilities(deviceId);
    if (!caps.sources.includes(request.source)) throw validationError(`Máy quét không có nguồn ${request.source}`, { deviceId, field: 'source' });
    const release = this.locks.acquire(deviceId);
    try {
      const { signal, onProgress } = options;
      const dir = await outDirEnsure(request.outDir, 'fake');
      const perSheet = request.source === 'duplex' ? 2 : 1;
      const available = request.source === 'flatbed' ? Number.POSITIVE_INFINITY : (c.feederSheets ?? 0) * perSheet;
      const limit = Math.min(pageLimit(request), available);
      if (limit === 0) throw scanError('scanner-no-paper', { deviceId });
      const format = c.format ?? 'png';
      for (let index = 0; index < limit; index++) {
        if (c.fault && index === c.fault.afterPages) throw scanError(c.fault.code, { deviceId, page: index });
        for (let step = 1; step <= 4; step++) {
          abortCheck(signal, deviceId);
          if (c.stepDelayMs) await sleep(c.stepDelayMs, signal, deviceId);
          onProgress?.({ page: index, fraction: step / 4, pagesDone: index });
        }
        const img = await pageImageRender({ index, dpi: request.dpi, colorMode: request.colorMode, format });
        if (signal?.aborted) throw scanCancelled(deviceId);
        const mime = format === 'png' ? 'image/png' : 'image/jpeg';
        const path = join(dir, pageFileName(index, mime));
        await fileWriteAtomic(path, img.bytes);
        onProgress?.({ page: index, fraction: 1, pagesDone: index + 1 });
        yield { index, mime, path, width: img.width, height: img.height, dpi: request.dpi };
      }
    } finally {
      release();
    }
  }
}
