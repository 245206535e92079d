import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/contract/errors.js';
import { bufferOf, pkiEngineEnsure } from './pkiEngine.js';
import type { SignerKey } from './signerKey.js';

// CMS SignedData for PAdES baseline B-B (ETSI EN 319 142-1 §5.1 / EN 319 122-1 §5.2):
// detached, SHA-256, signed attributes content-type + message-digest + signing-certificate-v2,
// and NO signing-time (PAdES puts the claimed time in the signature dictionary /M).

export const oid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function certificateParse(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(bufferOf(der));
}

/** ESS signing-certificate-v2 (RFC 5035): binds the signer certificate into the signed data. */
function signingCertificateV2(cert: pkijs.Certificate, der: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  // hashAlgorithm is omitted: SHA-256 is the DEFAULT and DER forbids encoding a default.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: bufferOf(sha256(der)) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function derCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

/** DER SET OF needs its elements sorted by encoding; verifiers that re-encode rely on it. */
function attributesSorted(attrs: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attrs.map((a) => ({ a, der: new Uint8Array(a.toSchema().toBER()) }));
  encoded.sort((x, y) => derCompare(x.der, y.der));
  return encoded.map((e) => e.a);
}

function signatureAlgorithm(key: SignerKey): pkijs.AlgorithmIdentifier {
  return key.keyAlgorithm === 'rsa'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: oid.rsaEncryption, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: oid.ecdsaWithSha256 });
}

export interface CmsBuilt {
  der: Uint8Array;
  /** The SignerInfo signature value; an RFC 3161 timestamp imprints its SHA-256 (B-T). */
  signatureValue: Uint8Array;
}

/** Builds a detached CAdES-B-B SignedData over a precomputed SHA-256 document digest. */
export async function cmsSign(key: SignerKey, documentDigest: Uint8Array): Promise<CmsBuilt> {
  pkiEngineEnsure();
  const cert = certificateParse(key.certificate);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: attributesSorted([
      new pkijs.Attribute({ type: oid.contentType, values: [new asn1js.ObjectIdentifier({ value: oid.data })] }),
      new pkijs.Attribute({
        type: oid.messageDigest,
        values: [new asn1js.OctetString({ valueHex: bufferOf(documentDigest) })],
      }),
      new pkijs.Attribute({ type: oid.signingCertificateV2, values: [signingCertificateV2(cert, key.certificate)] }),
    ]),
  });
  // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] IMPLICIT
  // field they occupy inside SignerInfo (RFC 5652 §5.4).
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31;
  let signatureValue: Uint8Array;
  try {
    signatureValue = await key.sign(toSign);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('internal', `Ký không thành công: ${err instanceof Error ? err.message : String(err)}`);
  }
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256 }),
    signedAttrs,
    signatureAlgorithm: signatureAlgorithm(key),
    signature: new asn1js.OctetString({ valueHex: bufferOf(signatureValue) }),
  });
  const certificates = [key.certificate, ...key.chain].map((der) => certificateParse(der));
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: oid.data }),
    certificates,
    signerInfos: [signerInfo],
  });
  return { der: cmsEncode(signedData), signatureValue };
}

export function cmsEncode(signedData: pkijs.SignedData): Uint8Array {
  const info = new pkijs.ContentInfo({ contentType: oid.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER());
}

export function cmsDecode(der: Uint8Array): pkijs.SignedData {
  pkiEngineEnsure();
  const asn = asn1js.fromBER(bufferOf(der));
  if (asn.offset === -1) throw new AppError('validation-failed', 'Chữ ký (CMS) không đọc được');
  const info = new pkijs.ContentInfo({ schema: asn.result });
  if (info.contentType !== oid.signedData) throw new AppError('validation-failed', 'Chữ ký không phải CMS SignedData');
  return new pkijs.SignedData({ schema: info.content });
}

/** Adds (or replaces) the RFC 3161 token as the unsigned attribute id-aa-signatureTimeStampToken. */
export function cmsTimestampAttach(cmsDer: Uint8Array, tokenDer: Uint8Array): Uint8Array {
  const signedData = cmsDecode(cmsDer);
  const signer = signedData.signerInfos[0];
  if (!signer) throw new AppError('validation-failed', 'Chữ ký không có SignerInfo');
  const tokenAsn = asn1js.fromBER(bufferOf(tokenDer));
  if (tokenAsn.offset === -1) throw new AppError('validation-failed', 'Dấu thời gian không đọc được');
  const others = (signer.unsignedAttrs?.attributes ?? []).filter((a) => a.type !== oid.signatureTimeStampToken);
  signer.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [...others, new pkijs.Attribute({ type: oid.signatureTimeStampToken, values: [tokenAsn.result] })],
  });
  return cmsEncode(signedData);
}
