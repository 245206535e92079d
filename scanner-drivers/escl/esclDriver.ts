import { join } from 'node:path';
import { DeviceLocks } from '../deviceLock.js';
import { pageLimit, requestCheck, scanCancelled, scanError, validationError } from '../errors.js';
import { imageInfo } from '../imageInfo.js';
import { fileWriteAtomic, outDirEnsure, pageFileName } from '../pageFiles.js';
import { progressForward } from '../progress.js';
import type { ScanCapabilities, ScanDevice, ScanOptions, ScannerDriver, ScanPage, ScanRequest } from '../types.js';
import { EsclClient, esclRetryDefault, type EsclRetry } from './esclClient.js';
import { esclCapabilities, esclModeName, esclSourceCaps } from './esclXml.js';

// Network scanners and multifunction printers that speak eSCL ("AirScan", "AirPrint scan",
// Mopria), over plain HTTP. Devices are configured by URL; mDNS discovery (_uscan._tcp) is not
// implemented yet. Device id: `escl:<base URL>`, e.g. `escl:http://192.168.1.20/eSCL`.

export interface EsclDeviceConfig {
  name: string;
  url: string;
}

export interface EsclDriverOptions {
  devices?: EsclDeviceConfig[];
  retry?: EsclRetry;
  /** Timeout of the reachability probe when listing devices. */
  probeTimeoutMs?: number;
}

// PNG first, as sane-airscan does: lossless pages for OCR; JPEG when that is all the device has.
const formatPreference = ['image/png', 'image/jpeg', 'application/pdf'];

export class EsclDriver implements ScannerDriver {
  readonly name = 'escl';
  private readonly locks = new DeviceLocks();

  constructor(private readonly options: EsclDriverOptions = {}) {}

  private client(deviceId: string, timeoutMs?: number): EsclClient {
    const url = deviceId.startsWith('escl:') ? deviceId.slice(5) : '';
    if (!/^https?:\/\/[^/]+/.test(url)) throw scanError('scanner-offline', { deviceId });
    return new EsclClient(url, this.options.retry ?? esclRetryDefault, timeoutMs);
  }

  async devices(signal?: AbortSignal): Promise<ScanDevice[]> {
    const found = await Promise.all(
      (this.options.devices ?? []).map(async (d): Promise<ScanDevice | null> => {
        try {
          const caps = await this.client(`escl:${d.url}`, this.options.probeTimeoutMs ?? 3000).capabilities(signal);
          return { id: `escl:${d.url}`, driver: this.name, name: d.name, model: caps.makeAndModel };
        } catch {
          return null;
        }
      }),
    );
    return found.filter((d): d is ScanDevice => d !== null);
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    return esclCapabilities(await this.client(deviceId).capabilities(signal));
  }

  scan(deviceId: string, request: ScanRequest, options: ScanOptions = {}): AsyncIterable<ScanPage> {
    return this.job(deviceId, request, options);
  }

  private async *job(deviceId: string, request: ScanRequest, options: ScanOptions): AsyncGenerator<ScanPage> {
    requestCheck(request);
    const { signal } = options;
    const onProgress = progressForward(options.onProgress);
    const client = this.client(deviceId);
    const caps = await client.capabilities(signal);
    const src = esclSourceCaps(caps, request.source);
    if (!src) throw validationError(`Máy quét không có nguồn ${request.source}`, { deviceId, field: 'source' });
    if (!src.colorModes.includes(esclModeName[request.colorMode])) throw validationError(`Máy quét không có chế độ màu ${request.colorMode}`, { deviceId, field: 'colorMode' });
    if (src.resolutions.length > 0 && !src.resolutions.includes(request.dpi)) {
      throw validationError(`Máy quét không hỗ trợ ${request.dpi} dpi`, { deviceId, field: 'dpi', supported: src.resolutions });
    }
    const format = formatPreference.find((f) => src.formats.includes(f)) ?? 'image/jpeg';
    const release = this.locks.acquire(deviceId);
    let jobUrl: string | undefined;
    try {
      await client.status(signal);
      // A4 (210 x 297 mm) in 1/300 inch, clipped to the bed.
      const width = Math.min(2480, src.maxWidth || 2480);
      const height = Math.min(3508, src.maxHeight || 3508);
      jobUrl = await client.jobCreate({ source: request.source, colorMode: request.colorMode, dpi: request.dpi, format, width, height }, signal);
      if (request.outDir !== undefined) await outDirEnsure(request.outDir, 'escl');
      const feeder = request.source !== 'flatbed';
      const limit = pageLimit(request);
      for (let index = 0; index < limit; index++) {
        onProgress({ page: index, fraction: 0, pagesDone: index });
        const doc = await client.nextDocument(jobUrl, feeder, (f) => onProgress({ page: index, fraction: f, pagesDone: index }), signal);
        if (doc.kind === 'end') {
          if (index === 0) throw scanError(feeder ? 'scanner-no-paper' : 'scanner-offline', { deviceId }, feeder ? undefined : 'máy quét không trả trang nào');
          break;
        }
        const info = imageInfo(doc.bytes);
        if (!info) throw scanError('scanner-offline', { deviceId, contentType: doc.contentType }, 'trang nhận được không phải PNG/JPEG/PDF');
        const page: ScanPage = { index, mime: info.mime, width: info.width, height: info.height, dpi: request.dpi };
        if (request.outDir !== undefined) {
          page.path = join(request.outDir, pageFileName(index, info.mime));
          await fileWriteAtomic(page.path, doc.bytes);
        } else {
          page.bytes = doc.bytes;
        }
        onProgress({ page: index, fraction: 1, pagesDone: index + 1 });
        yield page;
        if (signal?.aborted) throw scanCancelled(deviceId);
      }
    } finally {
      // DELETE both cancels a running job and frees a finished one, as sane-airscan does.
      if (jobUrl !== undefined) await client.jobDelete(jobUrl);
      release();
    }
  }
}
