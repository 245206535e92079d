import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { chainBuild, revocationCheck, type ChainStatus, type RevocationStatus } from './chain.js';
import { cmsDecode, oid } from './cms.js';
import { byteRangeData } from './pdfSignatureWrite.js';
import { pdfSignaturesRead, type RawSignature } from './pdfSignatureRead.js';
import { certificateSummary, type CertificateSummary } from './signerKey.js';
import { timestampTokenVerify } from './timestamp.js';

// In-app verification of every signature in a PDF: integrity (ByteRange digest against the
// message-digest attribute, then the signature over the signed attributes), the path to the
// configured roots, certificate validity at the signing time, revocation when online, and the
// RFC 3161 timestamp (its imprint must be the hash of this signature value).

export interface VerifyOptions {
  trustRoots?: Uint8Array[];
  online?: boolean;
  fetch?: typeof fetch;
}

export interface SignatureReport {
  index: number;
  fieldName: string | null;
  signer: string | null;
  certificate: CertificateSummary | null;
  /** Timestamp time when there is a valid one, else the claimed /M. */
  signedAt: string | null;
  claimedTime: string | null;
  integrity: 'valid' | 'broken';
  integrityProblem: string | null;
  coversWholeDocument: boolean;
  trusted: boolean;
  chain: ChainStatus | 'not-checked';
  certificateValidAtSigning: boolean;
  revocation: RevocationStatus;
  timestamp: { status: 'valid' | 'invalid' | 'none'; time: string | null };
  level: 'B-B' | 'B-T' | 'other';
  subFilter: string | null;
  reason: string | null;
}

const digestNames: Record<string, string> = {
  [oid.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

function attrValue(signer: pkijs.SignerInfo, type: string): asn1js.AsnType | null {
  const attr = signer.signedAttrs?.attributes.find((a) => a.type === type);
  return (attr?.values[0] as asn1js.AsnType | undefined) ?? null;
}

function signerCertificate(sd: pkijs.SignedData, si: pkijs.SignerInfo): pkijs.Certificate | null {
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  }
  return certs[0] ?? null;
}

interface IntegrityResult {
  problem: string | null;
  signerDer: Uint8Array | null;
  pool: Uint8Array[];
  signatureValue: Uint8Array | null;
  timestampToken: Uint8Array | null;
}

function integrityCheck(bytes: Uint8Array, raw: RawSignature): IntegrityResult {
  const empty: IntegrityResult = { problem: null, signerDer: null, pool: [], signatureValue: null, timestampToken: null };
  if (raw.problem || !raw.contents) return { ...empty, problem: raw.problem ?? 'Không có /Contents' };
  let sd: pkijs.SignedData;
  try {
    sd = cmsDecode(raw.contents);
  } catch {
    return { ...empty, problem: 'Chữ ký (CMS) hỏng, không đọc được' };
  }
  const si = sd.signerInfos[0];
  const cert = si ? signerCertificate(sd, si) : null;
  if (!si || !cert) return { ...empty, problem: 'Chữ ký không có chứng thư người ký' };
  const pool = (sd.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((c) => new Uint8Array(c.toSchema().toBER()));
  const signerDer = new Uint8Array(cert.toSchema().toBER());
  const signatureValue = new Uint8Array(si.signature.valueBlock.valueHexView);
  const tsAttr = si.unsignedAttrs?.attributes.find((a) => a.type === oid.signatureTimeStampToken);
  const tsValue = tsAttr?.values[0] as asn1js.AsnType | undefined;
  const base = { signerDer, pool, signatureValue, timestampToken: tsValue ? new Uint8Array(tsValue.toBER()) : null };
  const digestName = digestNames[si.digestAlgorithm.algorithmId];
  if (!digestName) return { ...base, problem: `Thuật toán băm chưa hỗ trợ (${si.digestAlgorithm.algorithmId})` };
  const md = attrValue(si, oid.messageDigest);
  if (!si.signedAttrs || !(md instanceof asn1js.OctetString)) return { ...base, problem: 'Thiếu thuộc tính message-digest' };
  const digest = createHash(digestName).update(byteRangeData(bytes, raw.byteRange)).digest();
  if (Buffer.compare(digest, Buffer.from(md.valueBlock.valueHexView)) !== 0) {
    return { ...base, problem: 'Nội dung tài liệu đã bị thay đổi sau khi ký (sai mã băm)' };
  }
  const signed = new Uint8Array(si.signedAttrs.encodedValue.slice(0));
  signed[0] = 0x31;
  const key = new X509Certificate(signerDer).publicKey;
  const alg = si.signatureAlgorithm.algorithmId;
  let ok: boolean;
  try {
    ok = cryptoVerify(digestName, signed, alg.startsWith('1.2.840.10045') ? { key, dsaEncoding: 'der' } : key, signatureValue);
  } catch {
    ok = false; // an unsupported or malformed algorithm cannot vouch for the document
  }
  return { ...base, problem: ok ? null : 'Chữ ký số không khớp với khóa công khai của chứng thư' };
}

export async function pdfVerify(bytes: Uint8Array, options: VerifyOptions = {}): Promise<SignatureReport[]> {
  const reports: SignatureReport[] = [];
  const raws = pdfSignaturesRead(bytes);
  for (const [index, raw] of raws.entries()) {
    const integrity = integrityCheck(bytes, raw);
    let timestamp: SignatureReport['timestamp'] = { status: 'none', time: null };
    if (integrity.timestampToken && integrity.signatureValue) {
      try {
        const ts = await timestampTokenVerify(integrity.timestampToken, integrity.signatureValue);
        const good = ts.imprintMatches && ts.signatureValid;
        timestamp = { status: good ? 'valid' : 'invalid', time: ts.genTime.toISOString() };
      } catch {
        timestamp = { status: 'invalid', time: null };
      }
    }
    const signedAt = timestamp.status === 'valid' ? timestamp.time : raw.claimedTime;
    const at = signedAt ? new Date(signedAt) : new Date();
    let chain: SignatureReport['chain'] = 'not-checked';
    let validAtSigning = false;
    let revocation: RevocationStatus = 'unknown';
    if (integrity.signerDer) {
      const report = chainBuild(integrity.signerDer, integrity.pool, options.trustRoots ?? [], at);
      chain = report.status;
      validAtSigning = report.validAtSigning;
      const signerCert = new X509Certificate(integrity.signerDer);
      const issuer = integrity.pool.find((p) => signerCert.checkIssued(new X509Certificate(p))) ?? null;
      const revOptions: { online: boolean; fetch?: typeof fetch } = { online: options.online === true };
      if (options.fetch) revOptions.fetch = options.fetch;
      revocation = await revocationCheck(integrity.signerDer, issuer, revOptions);
    }
    const summary = integrity.signerDer ? certificateSummary(integrity.signerDer) : null;
    const last = (raw.byteRange[2] ?? 0) + (raw.byteRange[3] ?? 0);
    reports.push({
      index: index + 1,
      fieldName: raw.fieldName,
      signer: summary?.commonName ?? raw.name,
      certificate: summary,
      signedAt,
      claimedTime: raw.claimedTime,
      integrity: integrity.problem ? 'broken' : 'valid',
      integrityProblem: integrity.problem,
      coversWholeDocument: last === bytes.length,
      trusted: chain === 'trusted' && validAtSigning && revocation !== 'revoked' && !integrity.problem,
      chain,
      certificateValidAtSigning: validAtSigning,
      revocation,
      timestamp,
      level: raw.subFilter === 'ETSI.CAdES.detached' ? (timestamp.status === 'valid' ? 'B-T' : 'B-B') : 'other',
      subFilter: raw.subFilter,
      reason: raw.reason,
    });
  }
  return reports;
}
