import { AppError } from '../../../shared/contract/errors.js';
import { cmsSign, cmsTimestampAttach, sha256 } from './cms.js';
import { byteRangeData, pdfContentsFill, pdfSignaturePrepare, type VisiblePlacement } from './pdfSignatureWrite.js';
import { certificateSummary, certificateValidityCheck, type SignerKey } from './signerKey.js';
import { timestampFetch, type TimestampClient } from './timestamp.js';

export interface PdfSignOptions {
  key: SignerKey;
  /** Injected clock; the claimed signing time goes to /M (PAdES forbids CMS signing-time). */
  now?: () => Date;
  reason?: string | undefined;
  location?: string | undefined;
  /** The unit (cơ quan) named on the visible stamp. */
  unit?: string | undefined;
  visible?: VisiblePlacement | undefined;
  /** TrueType font for the stamp (packaged apps pass their resources path). */
  fontPath?: string | undefined;
  /** RFC 3161 server for B-T; absent or unreachable leaves a B-B signature. */
  tsa?: TimestampClient | undefined;
}

export type TimestampState = 'added' | 'pending' | 'none';

export interface PdfSignResult {
  bytes: Uint8Array;
  level: 'B-B' | 'B-T';
  timestamp: TimestampState;
  /** Why the timestamp is pending (TSA unreachable, refused). */
  timestampError?: string;
  signer: string;
  signedAt: string;
  byteRange: [number, number, number, number];
}

/**
 * Signs one PDF (bytes in, bytes out; the caller writes the file only on success, so a failed
 * signature never touches the document). B-T when the timestamp server answers, else B-B with
 * `timestamp: 'pending'` for the upgrade queue.
 */
export async function pdfSign(original: Uint8Array, options: PdfSignOptions): Promise<PdfSignResult> {
  const signedAt = (options.now ?? (() => new Date()))();
  certificateValidityCheck(options.key.certificate, signedAt);
  const summary = certificateSummary(options.key.certificate);
  if (original.length < 8 || Buffer.from(original.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new AppError('validation-failed', 'Tệp không phải PDF');
  }
  const prepared = await pdfSignaturePrepare(original, {
    signedAt,
    signerName: summary.commonName,
    reason: options.reason,
    location: options.location,
    visible: options.visible
      ? {
          placement: options.visible,
          text: { unit: options.unit ?? summary.commonName, signer: summary.commonName, signedAt, reason: options.reason },
          fontPath: options.fontPath,
        }
      : undefined,
  });
  const digest = sha256(byteRangeData(prepared.bytes, prepared.byteRange));
  const built = await cmsSign(options.key, digest);
  let cms = built.der;
  let timestamp: TimestampState = 'none';
  let timestampError: string | undefined;
  if (options.tsa) {
    try {
      const token = await timestampFetch(options.tsa, sha256(built.signatureValue));
      cms = cmsTimestampAttach(cms, token);
      timestamp = 'added';
    } catch (err) {
      timestamp = 'pending';
      timestampError = err instanceof Error ? err.message : String(err);
    }
  }
  const result: PdfSignResult = {
    bytes: pdfContentsFill(prepared, cms),
    level: timestamp === 'added' ? 'B-T' : 'B-B',
    timestamp,
    signer: summary.commonName,
    signedAt: signedAt.toISOString(),
    byteRange: prepared.byteRange,
  };
  if (timestampError !== undefined) result.timestampError = timestampError;
  return result;
}
