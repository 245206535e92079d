import { AppError } from '../../shared/contract/errors.js';
import { scanCancelled, scanError, sleep } from '../errors.js';
import { esclCapabilitiesParse, esclScanSettingsXml, esclStatusParse, type EsclCapabilities, type EsclScanSettings, type EsclStatus } from './esclXml.js';

// The eSCL exchange, in the order real clients use it (sane-airscan, Apple): capabilities,
// status, POST /ScanJobs (201 + Location), GET <job>/NextDocument until 404, DELETE <job>.
// A 503 means "not ready yet, ask again": retried with exponential backoff, as long as the
// status does not name a fault.

export interface EsclRetry {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const esclRetryDefault: EsclRetry = { attempts: 30, baseDelayMs: 250, maxDelayMs: 2000 };

export type EsclDocument = { kind: 'page'; bytes: Uint8Array; contentType: string } | { kind: 'end' };

export class EsclClient {
  constructor(
    /** Base URL ending in the eSCL root, e.g. http://192.168.1.20/eSCL */
    readonly baseUrl: string,
    private readonly retry: EsclRetry = esclRetryDefault,
    private readonly timeoutMs = 30_000,
  ) {}

  private url(path: string): string {
    return `${this.baseUrl.replace(/\/+$/, '')}/${path}`;
  }

  private async request(url: string, init: RequestInit & { signal?: AbortSignal | undefined }): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetch(url, { ...init, signal });
    } catch (err) {
      if (init.signal?.aborted) throw scanCancelled(this.baseUrl);
      throw scanError('scanner-offline', { url, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private async xml(path: string, signal?: AbortSignal): Promise<string> {
    const res = await this.request(this.url(path), { signal });
    const text = await res.text();
    if (res.status !== 200) throw scanError('scanner-offline', { url: this.url(path), status: res.status }, `HTTP ${res.status}`);
    return text;
  }

  async capabilities(signal?: AbortSignal): Promise<EsclCapabilities> {
    const text = await this.xml('ScannerCapabilities', signal);
    try {
      return esclCapabilitiesParse(text);
    } catch (err) {
      throw scanError('scanner-offline', { error: (err as Error).message }, 'ScannerCapabilities không đọc được');
    }
  }

  async status(signal?: AbortSignal): Promise<EsclStatus> {
    const text = await this.xml('ScannerStatus', signal);
    try {
      return esclStatusParse(text);
    } catch (err) {
      throw scanError('scanner-offline', { error: (err as Error).message }, 'ScannerStatus không đọc được');
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
  }

  /** The fault a status names for a feeder job, if any. */
  static statusFault(status: EsclStatus, feeder: boolean, jobUri?: string): AppError | null {
    const reasons = status.jobs.filter((j) => jobUri !== undefined && jobUri.endsWith(j.uri)).flatMap((j) => j.reasons);
    if (reasons.some((r) => /Jam/i.test(r)) || (feeder && status.adf === 'jam')) return scanError('scanner-jammed', { status });
    if (reasons.some((r) => /DoorOpen|CoverOpen/i.test(r)) || (feeder && status.adf === 'door-open')) return scanError('scanner-cover-open', { status });
    return null;
  }

  /** POST /ScanJobs; returns the job URL (host taken from our base URL, never trusted from the device). */
  async jobCreate(settings: EsclScanSettings, signal?: AbortSignal): Promise<string> {
    const feeder = settings.source !== 'flatbed';
    for (let attempt = 0; ; attempt++) {
      const res = await this.request(this.url('ScanJobs'), {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml' },
        body: esclScanSettingsXml(settings),
        signal,
      });
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (res.status === 201 && location) {
        const job = new URL(location, this.baseUrl);
        const base = new URL(this.baseUrl);
        job.protocol = base.protocol;
        job.host = base.host;
        return job.toString();
      }
      const status = await this.status(signal);
      const fault = EsclClient.statusFault(status, feeder);
      if (fault) throw fault;
      if (feeder && status.adf === 'empty') throw scanError('scanner-no-paper', { httpStatus: res.status });
      if (res.status === 503 || status.state === 'Processing') {
        if (attempt + 1 >= Math.min(this.retry.attempts, 10)) throw scanError('scanner-busy', { httpStatus: res.status });
        await sleep(this.backoff(attempt), signal, this.baseUrl);
        continue;
      }
      throw scanError('scanner-offline', { httpStatus: res.status }, `ScanJobs trả về HTTP ${res.status}`);
    }
  }

  /**
   * GET <job>/NextDocument. 200 is a page; 404 is the end (or, on a feeder with a fault in the
   * status, that fault); 503 is retried with backoff. Body progress is reported as 0..1.
   */
  async nextDocument(jobUrl: string, feeder: boolean, onFraction: (f: number) => void, signal?: AbortSignal): Promise<EsclDocument> {
    const url = `${jobUrl.replace(/\/+$/, '')}/NextDocument`;
    for (let attempt = 0; ; attempt++) {
      const res = await this.request(url, { signal });
      if (res.status === 200) return { kind: 'page', bytes: await this.body(res, onFraction, signal), contentType: res.headers.get('content-type') ?? '' };
      await res.arrayBuffer();
      const status = await this.status(signal);
      const fault = EsclClient.statusFault(status, feeder, jobUrl);
      if (fault) throw fault;
      if (res.status === 404 || res.status === 410) return { kind: 'end' };
      if (res.status === 503 && attempt + 1 < this.retry.attempts) {
        await sleep(this.backoff(attempt), signal, this.baseUrl);
        continue;
      }
      if (res.status === 503) throw scanError('scanner-busy', { httpStatus: 503, attempts: attempt + 1 });
      throw scanError('scanner-offline', { httpStatus: res.status }, `NextDocument trả về HTTP ${res.status}`);
    }
  }

  private async body(res: Response, onFraction: (f: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
    const total = Number(res.headers.get('content-length') ?? 0);
    const chunks: Uint8Array[] = [];
    let got = 0;
    try {
      const reader = res.body?.getReader();
      if (!reader) return new Uint8Array(await res.arrayBuffer());
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got += value.length;
        if (total > 0) onFraction(Math.min(1, got / total));
      }
    } catch (err) {
      if (signal?.aborted) throw scanCancelled(this.baseUrl);
      throw scanError('scanner-offline', { error: (err as Error).message }, 'mất kết nối khi nhận trang');
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  /** DELETE <job>: cancels a running job, or frees a finished one. Failures are ignored. */
  async jobDelete(jobUrl: string): Promise<void> {
    try {
      const res = await this.request(jobUrl, { method: 'DELETE' });
      await res.arrayBuffer();
    } catch {
      // The device may already have dropped the job; nothing to undo.
    }
  }
}
