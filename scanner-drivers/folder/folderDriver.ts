import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DeviceLocks } from '../deviceLock.js';
import { pageLimit, requestCheck, scanCancelled, scanError, sleep } from '../errors.js';
import { imageInfo } from '../imageInfo.js';
import { fileMove, outDirEnsure, pageFileName } from '../pageFiles.js';
import { progressForward } from '../progress.js';
import type { ScanCapabilities, ScanDevice, ScanOptions, ScannerDriver, ScanPage, ScanRequest } from '../types.js';
import { fileSettle, type SettleState } from './fileSettle.js';

// "Scan to folder": the multifunction printer writes files into a shared folder and we import
// them. The app cannot set source, dpi or colour on the device; it takes what arrives. Files
// are polled (fs.watch misses events on SMB shares), taken oldest first once complete, and
// moved out of the folder so nothing is imported twice.

export interface HotFolderConfig {
  /** The part after `folder:`. */
  key: string;
  name: string;
  path: string;
}

export interface FolderDriverOptions {
  folders?: HotFolderConfig[];
  /** Size unchanged this long, plus a valid trailer, means the file is complete. */
  stableMs?: number;
  pollMs?: number;
  /** After the first page, a job ends when no new file has appeared for this long. */
  idleMs?: number;
  /** A job with no page at all after this long ends as scanner-no-paper. */
  firstPageTimeoutMs?: number;
  /** A file that stays stable but truncated this long is skipped (left in place). */
  truncatedGiveUpMs?: number;
}

const pageExtensions = new Set(['.png', '.jpg', '.jpeg', '.pdf']);

export class FolderDriver implements ScannerDriver {
  readonly name = 'folder';
  private readonly locks = new DeviceLocks();

  constructor(private readonly options: FolderDriverOptions = {}) {}

  private folder(deviceId: string): HotFolderConfig {
    const f = (this.options.folders ?? []).find((c) => `folder:${c.key}` === deviceId);
    if (!f) throw scanError('scanner-offline', { deviceId });
    return f;
  }

  private async reachable(path: string): Promise<boolean> {
    return stat(path).then((s) => s.isDirectory(), () => false);
  }

  async devices(): Promise<ScanDevice[]> {
    const out: ScanDevice[] = [];
    for (const f of this.options.folders ?? []) {
      if (await this.reachable(f.path)) out.push({ id: `folder:${f.key}`, driver: this.name, name: f.name, model: f.path });
    }
    return out;
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    const f = this.folder(deviceId);
    if (!(await this.reachable(f.path))) throw scanError('scanner-offline', { deviceId, path: f.path });
    // Informational only: the device's own panel decides.
    return { sources: ['flatbed', 'adf', 'duplex'], resolutions: [150, 200, 300, 600], colorModes: ['color', 'gray', 'bw'] };
  }

  scan(deviceId: string, request: ScanRequest, options: ScanOptions = {}): AsyncIterable<ScanPage> {
    return this.job(deviceId, request, options);
  }

  private async candidates(dir: string): Promise<string[]> {
    const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && !n.startsWith('~') && pageExtensions.has(extname(n).toLowerCase()));
    const withTime = await Promise.all(names.map(async (n) => ({ n, t: await stat(join(dir, n)).then((s) => s.mtimeMs, () => Infinity) })));
    return withTime.sort((a, b) => a.t - b.t || a.n.localeCompare(b.n)).map((x) => x.n);
  }

  private async *job(deviceId: string, request: ScanRequest, options: ScanOptions): AsyncGenerator<ScanPage> {
    requestCheck(request);
    const f = this.folder(deviceId);
    if (!(await this.reachable(f.path))) throw scanError('scanner-offline', { deviceId, path: f.path });
    const { signal } = options;
    const onProgress = progressForward(options.onProgress);
    const o = { stableMs: 1000, pollMs: 200, idleMs: 15_000, firstPageTimeoutMs: 120_000, truncatedGiveUpMs: 60_000, ...this.options };
    const release = this.locks.acquire(deviceId);
    try {
      const out = await outDirEnsure(request.outDir, 'folder');
      const limit = pageLimit(request);
      const seen = new Map<string, SettleState>();
      const skipped = new Set<string>();
      const started = Date.now();
      let lastActivity = started;
      let index = 0;
      while (index < limit) {
        if (signal?.aborted) throw scanCancelled(deviceId);
        const now = Date.now();
        let took = false;
        for (const name of await this.candidates(f.path)) {
          if (skipped.has(name)) continue;
          const path = join(f.path, name);
          const prev = seen.get(name);
          if (!prev) lastActivity = now;
          const { verdict, state } = await fileSettle(path, prev, now, o.stableMs);
          if (verdict === 'gone') {
            seen.delete(name);
            continue;
          }
          if (verdict === 'growing' && (!prev || prev.size !== state.size)) lastActivity = now;
          seen.set(name, state);
          if (verdict === 'stable-but-truncated' && now - state.since > o.truncatedGiveUpMs) skipped.add(name);
          if (verdict !== 'complete') {
            onProgress({ page: index, fraction: 0.5, pagesDone: index });
            break; // oldest first: wait for this one before looking at later files
          }
          const bytes = new Uint8Array(await readFile(path));
          const info = imageInfo(bytes);
          if (!info) {
            skipped.add(name);
            continue;
          }
          const target = join(out, pageFileName(index, info.mime));
          await fileMove(path, target);
          seen.delete(name);
          onProgress({ page: index, fraction: 1, pagesDone: index + 1 });
          index += 1;
          lastActivity = Date.now();
          took = true;
          yield { index: index - 1, mime: info.mime, path: target, width: info.width, height: info.height, dpi: info.dpi ?? request.dpi };
          if (signal?.aborted) throw scanCancelled(deviceId);
          break;
        }
        if (took) continue;
        if (index === 0 && Date.now() - started > o.firstPageTimeoutMs) throw scanError('scanner-no-paper', { deviceId, path: f.path }, 'không có tệp nào được quét vào thư mục');
        if (index > 0 && Date.now() - lastActivity > o.idleMs) break;
        await sleep(o.pollMs, signal, deviceId);
      }
    } finally {
      release();
    }
  }
}
