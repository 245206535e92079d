import { z } from 'zod';
import { command, event } from './define.js';

// Digital signatures on digitised papers and e-results (số hóa hồ sơ, kết quả giải quyết TTHC,
// Decree 107/2021 and Circular 01/2023; signatures under Decree 23/2025 and Decree 68/2024).
// The unit signs with a USB token (PKCS#11 library of its CA) or a .p12 certificate file.
// The PIN / password travels in the call only: it is never stored, logged or audited.

const pathSchema = z.string().trim().min(1, 'Thiếu đường dẫn tệp').max(4096);

export const keySourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('p12'), path: pathSchema }),
  z.object({
    kind: z.literal('pkcs11'),
    libraryPath: pathSchema,
    /** Token label; absent when exactly one token is plugged in. */
    tokenLabel: z.string().max(64).optional(),
    /** CKA_ID (hex) of the certificate; absent = the one paired with a private key. */
    certificateId: z.string().regex(/^[0-9a-f]*$/i).max(256).optional(),
  }),
]);
export type KeySource = z.infer<typeof keySourceSchema>;

/** Page and lower-left corner in points; without x/y the stamp goes to the top-right corner. */
export const visibleStampSchema = z.object({
  page: z.number().int().min(1),
  x: z.number().min(0).max(14_400).optional(),
  y: z.number().min(0).max(14_400).optional(),
});
export type VisibleStamp = z.infer<typeof visibleStampSchema>;

export const certificateInfoSchema = z.object({
  subject: z.string(),
  commonName: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: z.string(),
});

export const tokenSchema = z.object({
  slotId: z.string(),
  slotDescription: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serialNumber: z.string(),
  certificates: z.array(certificateInfoSchema.extend({ id: z.string() })),
});
export type TokenInfo = z.infer<typeof tokenSchema>;

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const signFileResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    input: z.string(),
    output: z.string(),
    signer: z.string(),
    signedAt: z.string(),
    level: z.enum(['B-B', 'B-T']),
    /** 'pending': signed offline, queued for a timestamp ("chưa có dấu thời gian"). */
    timestamp: z.enum(['added', 'pending', 'none']),
  }),
  z.object({ ok: z.literal(false), input: z.string(), error: errorBodySchema }),
]);
export type SignFileResult = z.infer<typeof signFileResultSchema>;

export const signDocumentsArgsSchema = z.object({
  files: z
    .array(z.object({ input: pathSchema, output: pathSchema.optional() }))
    .min(1, 'Chọn ít nhất một tệp')
    .max(500),
  key: keySourceSchema,
  /** Token PIN or .p12 password. */
  pin: z.string().min(1, 'Nhập mã PIN hoặc mật khẩu').max(256),
  visible: visibleStampSchema.optional(),
  reason: z.string().trim().max(200).optional(),
  location: z.string().trim().max(200).optional(),
  /** Asks for a B-T timestamp from the configured server; offline it is queued. */
  timestamp: z.boolean().default(true),
});

export const timestampStatusSchema = z.object({ status: z.enum(['valid', 'invalid', 'none']), time: z.string().nullable() });

export const signatureReportSchema = z.object({
  index: z.number().int(),
  fieldName: z.string().nullable(),
  signer: z.string().nullable(),
  certificate: certificateInfoSchema.nullable(),
  signedAt: z.string().nullable(),
  claimedTime: z.string().nullable(),
  integrity: z.enum(['valid', 'broken']),
  integrityProblem: z.string().nullable(),
  coversWholeDocument: z.boolean(),
  trusted: z.boolean(),
  chain: z.enum(['trusted', 'untrusted-root', 'incomplete', 'invalid-signature', 'not-checked']),
  certificateValidAtSigning: z.boolean(),
  revocation: z.enum(['good', 'revoked', 'unknown', 'no-source']),
  timestamp: timestampStatusSchema,
  level: z.enum(['B-B', 'B-T', 'other']),
  subFilter: z.string().nullable(),
  reason: z.string().nullable(),
});
export type SignatureReportDto = z.infer<typeof signatureReportSchema>;

export const timestampPendingItemSchema = z.object({
  id: z.string(),
  file: z.string(),
  byteRange: z.array(z.number().int().nonnegative()).length(4),
  signer: z.string(),
  queuedAt: z.string(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});

/**
 * A digitised result (kết quả giải quyết TTHC điện tử). `resultCode` (MaKetQua) is issued by the
 * provincial system or DVCQG: its format is unpublished, so it stays an opaque string and is
 * never generated locally. `validUntil` is the expiry of the paper it stands for, if it has one.
 */
export const digitisedResultSchema = z.object({
  resultCode: z.string().trim().min(1).max(120),
  dossierCode: z.string().trim().min(1).max(60),
  name: z.string().trim().min(1).max(300),
  issuedAt: z.iso.datetime({ offset: true }),
  validUntil: z.iso.date().nullable(),
  files: z
    .array(
      z.object({
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        fileName: z.string().min(1).max(255),
        /** MaThanhPhanHoSo when the result is also a reusable dossier component. */
        componentCode: z.string().max(60).nullable(),
        signed: z.boolean(),
        timestampPending: z.boolean(),
      }),
    )
    .min(1),
});
export type DigitisedResult = z.infer<typeof digitisedResultSchema>;

export const signingCommands = {
  'sign:listTokens': command({
    summary: 'Tokens, slots and certificates seen through a PKCS#11 library (no PIN needed)',
    args: z.object({ libraryPath: pathSchema }),
    result: z.object({ tokens: z.array(tokenSchema) }),
    roles: ['clerk', 'supervisor', 'admin'],
  }),
  'sign:documents': command({
    summary: 'Sign PDFs (PAdES B-B, B-T when a timestamp server answers); emits sign:progress',
    args: signDocumentsArgsSchema,
    result: z.object({ results: z.array(signFileResultSchema), timestampsPending: z.number().int() }),
    roles: ['clerk', 'supervisor'],
    // Not router-audited: the router would write the PIN into the log. The handler audits a
    // redacted entry itself through deps.audit.
  }),
  'sign:verify': command({
    summary: 'Verify every signature of a PDF: integrity, trust, validity, revocation, timestamp',
    args: z.object({ file: pathSchema }),
    result: z.object({ signatures: z.array(signatureReportSchema) }),
  }),
  'sign:timestampsPending': command({
    summary: 'Signatures made offline that still wait for a timestamp (chưa có dấu thời gian)',
    args: z.object({}),
    result: z.object({ items: z.array(timestampPendingItemSchema) }),
  }),
  'sign:timestampsUpgrade': command({
    summary: 'Try the configured timestamp server for every pending signature (B-B → B-T, in place)',
    args: z.object({}),
    result: z.object({ upgraded: z.number().int(), waiting: z.array(timestampPendingItemSchema) }),
    roles: ['clerk', 'supervisor', 'admin'],
    audit: true,
  }),
} as const;

export const signingEvents = {
  'sign:progress': event({
    summary: 'One file of a sign:documents batch started, finished or failed',
    payload: z.object({
      done: z.number().int(),
      total: z.number().int(),
      file: z.string(),
      stage: z.enum(['signing', 'signed', 'failed']),
      errorCode: z.string().optional(),
    }),
  }),
} as const;
