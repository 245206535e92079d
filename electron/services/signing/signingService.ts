import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';
import type { KeySource, SignFileResult, signDocumentsArgsSchema } from '../../../shared/contract/signing.js';
import { AppError, errorBodyOf } from '../../../shared/contract/errors.js';
import { p12KeyOpen } from './p12Key.js';
import { pdfSign } from './pdfSign.js';
import { pkcs11KeyOpen } from './pkcs11Key.js';
import { certificateValidityCheck, type SignerKey } from './signerKey.js';
import type { TimestampClient } from './timestamp.js';
import { timestampQueueOpen } from './timestampQueue.js';

// One signing batch: open the key once (one PIN entry for many files), sign file after file,
// write each output atomically, queue timestamps that could not be fetched. A failure before
// the first signature (wrong PIN, expired certificate, unreadable library) fails the whole
// batch and touches no file; a failure on one file leaves that file as it was.

export type SignDocumentsRequest = z.output<typeof signDocumentsArgsSchema>;

export interface SigningServiceDeps {
  /** Folder of the "timestamp upgrade pending" queue. */
  queueFolder: string;
  /** Configured RFC 3161 server; null when none is configured. */
  tsa: TimestampClient | null;
  /** The unit (cơ quan) name printed on visible stamps. */
  unitName?: string;
  /** Stamp font; defaults to resources/fonts/NotoSerif-Regular.ttf beside the sources. */
  fontPath?: string;
  now?: () => Date;
}

export interface SignProgress {
  done: number;
  total: number;
  file: string;
  stage: 'signing' | 'signed' | 'failed';
  errorCode?: string;
}

export async function keyOpen(source: KeySource, pin: string): Promise<SignerKey> {
  if (source.kind === 'p12') {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(source.path));
    } catch {
      throw new AppError('not-found', `Không đọc được tệp chứng thư số: ${source.path}`, { path: source.path });
    }
    return p12KeyOpen(bytes, pin);
  }
  return pkcs11KeyOpen({
    libraryPath: source.libraryPath,
    tokenLabel: source.tokenLabel,
    certificateId: source.certificateId,
    pin,
  });
}

function writeAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.signing.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

export async function documentsSign(
  request: SignDocumentsRequest,
  deps: SigningServiceDeps,
  onProgress: (p: SignProgress) => void = () => {},
): Promise<{ results: SignFileResult[]; timestampsPending: number }> {
  const now = deps.now ?? (() => new Date());
  const key = await keyOpen(request.key, request.pin);
  const results: SignFileResult[] = [];
  let pending = 0;
  try {
    certificateValidityCheck(key.certificate, now());
    const queue = timestampQueueOpen(deps.queueFolder);
    const total = request.files.length;
    let tokenGone: AppError | null = null;
    for (const [i, file] of request.files.entries()) {
      const output = file.output ?? file.input;
      if (tokenGone) {
        results.push({ ok: false, input: file.input, error: tokenGone.toBody() });
        onProgress({ done: i + 1, total, file: file.input, stage: 'failed', errorCode: tokenGone.code });
        continue;
      }
      onProgress({ done: i, total, file: file.input, stage: 'signing' });
      try {
        let original: Uint8Array;
        try {
          original = new Uint8Array(readFileSync(file.input));
        } catch {
          throw new AppError('not-found', `Không đọc được tệp: ${file.input}`, { path: file.input });
        }
        const signed = await pdfSign(original, {
          key,
          now,
          reason: request.reason,
          location: request.location,
          unit: deps.unitName,
          visible: request.visible,
          fontPath: deps.fontPath,
          tsa: request.timestamp ? (deps.tsa ?? undefined) : undefined,
        });
        writeAtomic(output, signed.bytes);
        if (signed.timestamp === 'pending') {
          queue.add({ file: output, byteRange: signed.byteRange, signer: signed.signer });
          pending++;
        }
        results.push({
          ok: true,
          input: file.input,
          output,
          signer: signed.signer,
          signedAt: signed.signedAt,
          level: signed.level,
          timestamp: signed.timestamp,
        });
        onProgress({ done: i + 1, total, file: file.input, stage: 'signed' });
      } catch (err) {
        const body = errorBodyOf(err);
        if (err instanceof AppError && err.code === 'sign-token-missing') tokenGone = err;
        results.push({ ok: false, input: file.input, error: body });
        onProgress({ done: i + 1, total, file: file.input, stage: 'failed', errorCode: body.code });
      }
    }
  } finally {
    await key.close();
  }
  return { results, timestampsPending: pending };
}
