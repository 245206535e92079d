import { X509Certificate } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors.js';

/**
 * A key that can sign, wherever it lives (a .p12 file in memory, a PKCS#11 token). The CMS
 * builder only needs the certificate chain and a raw signature over the DER signed attributes.
 */
export interface SignerKey {
  /** DER of the signing certificate. */
  certificate: Uint8Array;
  /** DER of the other certificates we can embed (issuers), signing certificate excluded. */
  chain: Uint8Array[];
  keyAlgorithm: 'rsa' | 'ec';
  /** SHA-256 then the key's scheme: RSA PKCS#1 v1.5, or ECDSA with a DER Ecdsa-Sig-Value. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface CertificateSummary {
  subject: string;
  commonName: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

export function certificateSummary(der: Uint8Array): CertificateSummary {
  const cert = new X509Certificate(der);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? cert.subject,
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    sha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
}

/**
 * Refuses to sign with a certificate outside its validity period: a signature made with an
 * expired certificate is worthless under Decree 23/2025 art. on certificate validity, so the
 * clerk must learn it before the document is touched.
 */
export function certificateValidityCheck(der: Uint8Array, at: Date): void {
  const cert = new X509Certificate(der);
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (at < from || at > to) {
    const expired = at > to;
    throw new AppError(
      'sign-certificate-expired',
      expired
        ? `Chứng thư số đã hết hạn ngày ${to.toISOString().slice(0, 10)}`
        : `Chứng thư số chưa có hiệu lực đến ngày ${from.toISOString().slice(0, 10)}`,
      { notBefore: from.toISOString(), notAfter: to.toISOString(), at: at.toISOString() },
    );
  }
}
