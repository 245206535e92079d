import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { timestampPendingItemSchema } from '../../../shared/contract/signing.js';
import { AppError } from '../../../shared/contract/errors.js';
import { cmsDecode, cmsTimestampAttach, sha256 } from './cms.js';
import { pdfSignaturesRead } from './pdfSignatureRead.js';
import { timestampFetch, type TimestampClient } from './timestamp.js';

// Signatures made offline are B-B and shown "chưa có dấu thời gian" until a timestamp server is
// reachable. Upgrading to B-T only adds an unsigned attribute inside /Contents, which /ByteRange
// excludes, so the file is patched in place and every signature keeps its digest.
// One JSON file per pending item: a crash mid-write loses at most that item's rename.

export const timestampPendingSchema = timestampPendingItemSchema;
export type TimestampPending = z.infer<typeof timestampPendingSchema>;

export interface TimestampQueue {
  add(item: Omit<TimestampPending, 'id' | 'queuedAt' | 'attempts' | 'lastError'>, now?: Date): TimestampPending;
  list(): TimestampPending[];
  /** Tries every pending item; returns the ones upgraded and the ones still waiting. */
  drain(tsa: TimestampClient): Promise<{ upgraded: TimestampPending[]; waiting: TimestampPending[] }>;
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Adds a timestamp token to the signature whose /ByteRange is `byteRange`, in place. */
export async function timestampUpgradeFile(file: string, byteRange: number[], tsa: TimestampClient): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const sig = pdfSignaturesRead(bytes).find((s) => s.byteRange.every((v, i) => v === byteRange[i]));
  if (!sig?.contents) throw new AppError('not-found', 'Không còn thấy chữ ký cần gắn dấu thời gian trong tệp', { file });
  const signer = cmsDecode(sig.contents).signerInfos[0];
  if (!signer) throw new AppError('validation-failed', 'Chữ ký không có SignerInfo');
  const token = await timestampFetch(tsa, sha256(new Uint8Array(signer.signature.valueBlock.valueHexView)));
  const cms = cmsTimestampAttach(sig.contents, token);
  const [, start = 0, end = 0] = byteRange;
  const capacity = (end - start - 2) / 2;
  if (cms.length > capacity) throw new AppError('internal', `Chữ ký kèm dấu thời gian vượt chỗ dành sẵn (${cms.length} > ${capacity})`);
  const out = Buffer.from(bytes);
  out.write(Buffer.from(cms).toString('hex').padEnd(capacity * 2, '0'), start + 1, 'latin1');
  writeAtomic(file, out);
}

export function timestampQueueOpen(folder: string): TimestampQueue {
  mkdirSync(folder, { recursive: true });
  const pathOf = (id: string) => join(folder, `${id}.json`);
  const list = (): TimestampPending[] =>
    readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        try {
          return [timestampPendingSchema.parse(JSON.parse(readFileSync(join(folder, f), 'utf8')))];
        } catch {
          return []; // a damaged entry is skipped, never fatal to the queue
        }
      })
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  return {
    add(item, now = new Date()) {
      const full: TimestampPending = { ...item, id: randomUUID(), queuedAt: now.toISOString(), attempts: 0, lastError: null };
      writeAtomic(pathOf(full.id), JSON.stringify(full, null, 2));
      return full;
    },
    list,
    async drain(tsa) {
      const upgraded: TimestampPending[] = [];
      const waiting: TimestampPending[] = [];
      for (const item of list()) {
        try {
          await timestampUpgradeFile(item.file, item.byteRange, tsa);
          rmSync(pathOf(item.id), { force: true });
          upgraded.push(item);
        } catch (err) {
          const next = { ...item, attempts: item.attempts + 1, lastError: err instanceof Error ? err.message : String(err) };
          writeAtomic(pathOf(item.id), JSON.stringify(next, null, 2));
          waiting.push(next);
        }
      }
      return { upgraded, waiting };
    },
  };
}
