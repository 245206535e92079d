import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tus from 'tus-js-client';
import type { BlobStore } from '../blobs/blobStore.js';
import { certErrorCodeOf, type ServerTrust } from '../serverLink/serverTrust.js';
import type { SyncClient } from './syncClient.js';
import { uploadUrlStoreCreate } from './uploadUrlStore.js';

// Blobs travel apart from records (architecture decision 8). Upload: HEAD first (the server may
// already hold the bytes, from this or another workstation), then tus with the upload URL
// remembered on disk by hash, so a cut — even a restart — resumes instead of starting over.
// Download: the bytes of records pulled from the server, checked against their hash on arrival.

/** Uploads in flight at once per upload call. */
const uploadsAtOnce = 4;

export interface FileTransfer {
  upload(hashes: string[]): Promise<{ uploaded: number; skipped: number; failed: string[] }>;
  download(hashes: string[]): Promise<{ fetched: number; missing: string[] }>;
}

export function fileTransferCreate(deps: { client: SyncClient; trust: ServerTrust; blobs: BlobStore; stateDir: string; chunkSize?: number }): FileTransfer {
  const urlStorePath = join(deps.stateDir, 'tus-uploads.json');
  const urlStorage = uploadUrlStoreCreate(urlStorePath);
  const running = new Map<string, Promise<'uploaded' | 'skipped'>>();

  async function tusUpload(sha256: string): Promise<void> {
    const data = await deps.blobs.get(sha256);
    const endpoint = `${await deps.client.baseUrl()}/api/files/tus`;
    const headers = await deps.client.authHeaders();
    const httpStack = await deps.trust.tusHttpStack();
    await mkdir(dirname(urlStorePath), { recursive: true });
    await new Promise<void>((resolve, reject) => {
      const upload = new tus.Upload(data, {
        endpoint,
        chunkSize: deps.chunkSize ?? 1024 * 1024,
        retryDelays: [0, 500, 1000, 2000, 4000],
        // A refused certificate will not get better by retrying: fail at once.
        onShouldRetry: (err) => certErrorCodeOf(err) === null,
        httpStack,
        headers,
        metadata: { sha256 },
        urlStorage,
        fingerprint: async () => `motcua-${sha256}`,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onError: reject,
        onSuccess: () => resolve(),
      });
      // Resume an upload this workstation began earlier (a cut, a restart) from its offset.
      upload.findPreviousUploads().then(
        (previous) => {
          const last = previous[0];
          if (last) upload.resumeFromPreviousUpload(last);
          upload.start();
        },
        () => upload.start(),
      );
    });
  }

  async function uploadOne(sha256: string): Promise<'uploaded' | 'skipped'> {
    const head = await deps.client.raw(`/api/files/${sha256}`, { method: 'HEAD' });
    if (head.status === 200) return 'skipped';
    await tusUpload(sha256);
    return 'uploaded';
  }

  return {
    async upload(hashes) {
      const result = { uploaded: 0, skipped: 0, failed: [] as string[] };
      const queue = [...new Set(hashes)];
      // A few at once: on a long-RTT link each small page file costs several round trips, and
      // one at a time leaves the line idle between them (bench:sync, "link").
      const worker = async (): Promise<void> => {
        for (let sha256 = queue.shift(); sha256 !== undefined; sha256 = queue.shift()) {
          if (!(await deps.blobs.has(sha256))) {
            result.failed.push(sha256);
            continue;
          }
          // The same blob asked for twice at once is uploaded once.
          const job = running.get(sha256) ?? uploadOne(sha256).finally(() => running.delete(sha256));
          running.set(sha256, job);
          try {
            result[await job] += 1;
          } catch {
            result.failed.push(sha256);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(uploadsAtOnce, queue.length) }, worker));
      return result;
    },
    async download(hashes) {
      const result = { fetched: 0, missing: [] as string[] };
      for (const sha256 of new Set(hashes)) {
        if (await deps.blobs.has(sha256)) continue;
        const res = await deps.client.raw(`/api/files/${sha256}`);
        if (res.status !== 200) {
          await res.body?.cancel();
          result.missing.push(sha256);
          continue;
        }
        const stored = await deps.blobs.put(new Uint8Array(await res.arrayBuffer()));
        // The store names bytes by their hash: different bytes under this name are not the file.
        if (stored.sha256 !== sha256) result.missing.push(sha256);
        else result.fetched += 1;
      }
      return result;
    },
  };
}
