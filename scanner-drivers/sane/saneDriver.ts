import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, unlink } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../../shared/contract/errors.js';
import { DeviceLocks } from '../deviceLock.js';
import { pageLimit, requestCheck, scanCancelled, scanError, validationError } from '../errors.js';
import { imageInfo } from '../imageInfo.js';
import { outDirEnsure } from '../pageFiles.js';
import { PushQueue } from '../pageQueue.js';
import { progressForward } from '../progress.js';
import type { ScanCapabilities, ScanDevice, ScanOptions, ScannerDriver, ScanPage, ScanRequest } from '../types.js';
import { saneCapabilities, saneDevicesParse, saneExitError, saneListFormat, saneOptionsParse, saneScanArgs, saneStderrParse, type SaneOptions } from './saneParse.js';

// SANE on Linux through the `scanimage` command line: no native binding to build, and
// scanimage already handles every backend (USB, network, airscan). Pages are announced by
// --batch-print once their file is complete; --progress drives the progress bar; SIGTERM makes
// scanimage cancel the device cleanly.

export interface SaneDriverOptions {
  command?: string;
  /** Environment for scanimage (SANE_CONFIG_DIR for a private configuration). */
  env?: NodeJS.ProcessEnv;
  /** Extra scanimage arguments for every job (tests inject faults with --read-return-value). */
  extraArgs?: string[];
  listTimeoutMs?: number;
}

const pagePattern = 'page-%04d.png';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class SaneDriver implements ScannerDriver {
  readonly name = 'sane';
  private readonly locks = new DeviceLocks();
  private readonly optionCache = new Map<string, SaneOptions>();

  constructor(private readonly options: SaneDriverOptions = {}) {}

  private spawnScanimage(args: string[]): ChildProcess {
    return spawn(this.options.command ?? 'scanimage', args, { env: this.options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private run(args: string[], timeoutMs: number, signal?: AbortSignal): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = this.spawnScanimage(args);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
      const onAbort = (): void => void child.kill('SIGTERM');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(scanError('scanner-offline', { error: err.message }, 'không chạy được scanimage (cài sane-utils)'));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ code, stdout, stderr });
      });
    });
  }

  private saneName(deviceId: string): string {
    if (!deviceId.startsWith('sane:') || deviceId.length <= 5) throw scanError('scanner-offline', { deviceId });
    return deviceId.slice(5);
  }

  async devices(signal?: AbortSignal): Promise<ScanDevice[]> {
    const r = await this.run(['-f', saneListFormat], this.options.listTimeoutMs ?? 20_000, signal);
    if (r.code !== 0) return [];
    return saneDevicesParse(r.stdout);
  }

  private async saneOptions(deviceId: string, signal?: AbortSignal): Promise<SaneOptions> {
    const cached = this.optionCache.get(deviceId);
    if (cached) return cached;
    const name = this.saneName(deviceId);
    const r = await this.run(['-d', name, '-A'], this.options.listTimeoutMs ?? 20_000, signal);
    const err = saneExitError(r.code, r.stderr, 0, deviceId);
    if (err) throw err.code === 'internal' ? scanError('scanner-offline', err.details, err.message) : err;
    const parsed = saneOptionsParse(r.stdout);
    this.optionCache.set(deviceId, parsed);
    return parsed;
  }

  async capabilities(deviceId: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    return saneCapabilities(await this.saneOptions(deviceId, signal));
  }

  scan(deviceId: string, request: ScanRequest, options: ScanOptions = {}): AsyncIterable<ScanPage> {
    return this.job(deviceId, request, options);
  }

  private async *job(deviceId: string, request: ScanRequest, options: ScanOptions): AsyncGenerator<ScanPage> {
    requestCheck(request);
    const { signal } = options;
    const onProgress = progressForward(options.onProgress);
    if (signal?.aborted) throw scanCancelled(deviceId);
    const o = await this.saneOptions(deviceId, signal);
    const sourceLabel = o.sources[request.source];
    if (sourceLabel === undefined) throw validationError(`Máy quét không có nguồn ${request.source}`, { deviceId, field: 'source' });
    if (Object.keys(o.modes).length > 0 && o.modes[request.colorMode] === undefined) {
      throw validationError(`Máy quét không có chế độ màu ${request.colorMode}`, { deviceId, field: 'colorMode' });
    }
    const release = this.locks.acquire(deviceId);
    const dir = await outDirEnsure(request.outDir, 'sane');
    const limit = pageLimit(request);
    const args = saneScanArgs({
      device: this.saneName(deviceId),
      sourceLabel: sourceLabel || undefined,
      modeLabel: o.modes[request.colorMode],
      dpi: request.dpi,
      pages: limit,
      pattern: join(dir, pagePattern),
      widthMm: o.maxWidthMm,
      heightMm: o.maxHeightMm,
      extra: this.options.extraArgs ?? [],
    });
    const child = this.spawnScanimage(args);
    const queue = new PushQueue<string>();
    let stderr = '';
    let stderrRest = '';
    let currentPage = 0;
    let saved = 0;
    let killed = false;
    const kill = (): void => {
      if (child.exitCode === null && !killed) {
        killed = true;
        child.kill('SIGTERM');
      }
    };
    const onAbort = (): void => {
      kill();
      queue.fail(scanCancelled(deviceId));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      stderr += text;
      const parsed = saneStderrParse(stderrRest + text);
      stderrRest = parsed.rest;
      for (const e of parsed.events) {
        if (e.kind === 'page-start') currentPage = e.page - 1;
        else onProgress({ page: currentPage, fraction: Math.min(1, e.percent / 100), pagesDone: saved });
      }
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.trim() === '') return;
      saved += 1;
      onProgress({ page: saved - 1, fraction: 1, pagesDone: saved });
      queue.push(isAbsolute(line) ? line : join(dir, line));
    });
    child.on('error', (err) => queue.fail(scanError('scanner-offline', { deviceId, error: err.message }, 'không chạy được scanimage')));
    child.on('close', (code) => {
      if (killed) return queue.fail(scanCancelled(deviceId));
      const err = saneExitError(code, stderr, saved, deviceId);
      if (err) queue.fail(err);
      else queue.end();
    });
    let delivered = 0;
    let finished = false;
    try {
      for await (const path of queue.drain()) {
        const bytes = new Uint8Array(await readFile(path));
        const info = imageInfo(bytes);
        if (!info) throw new AppError('internal', `Tệp trang không đọc được: ${basename(path)}`, { path });
        delivered += 1;
        yield { index: delivered - 1, mime: info.mime, path, width: info.width, height: info.height, dpi: request.dpi };
        if (signal?.aborted) throw scanCancelled(deviceId);
      }
      finished = true;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      kill();
      await closed;
      if (!finished) await this.leftoversRemove(dir, delivered);
      release();
    }
  }

  /** After a cancel or fault: drop partial files and pages the caller never received. */
  private async leftoversRemove(dir: string, delivered: number): Promise<void> {
    for (const file of await readdir(dir)) {
      const m = /^page-(\d{4})\.png(\.part)?$/.exec(file);
      if (m && (m[2] !== undefined || Number(m[1]) > delivered)) await unlink(join(dir, file)).catch(() => undefined);
    }
  }
}
