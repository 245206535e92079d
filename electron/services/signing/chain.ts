import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { ocspCheck } from './ocsp.js';
import { bufferOf, pkiEngineEnsure } from './pkiEngine.js';

// Certificate path to the configured trust roots (in practice the national root and the
// Government Specialised CA, VGCA, that a province's IT configures), checked at the signing time.

export type ChainStatus = 'trusted' | 'untrusted-root' | 'incomplete' | 'invalid-signature';

export interface ChainReport {
  status: ChainStatus;
  /** Subjects from the signer up to the last certificate found. */
  path: string[];
  /** Every certificate in the path was within its validity period at `at`. */
  validAtSigning: boolean;
}

export function pemCertificatesParse(pem: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pem))) out.push(new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s/g, ''), 'base64')));
  return out;
}

function validAt(cert: X509Certificate, at: Date): boolean {
  return at >= new Date(cert.validFrom) && at <= new Date(cert.validTo);
}

export function chainBuild(signer: Uint8Array, pool: Uint8Array[], roots: Uint8Array[], at: Date): ChainReport {
  const rootCerts = roots.map((r) => new X509Certificate(r));
  const rootPrints = new Set(rootCerts.map((r) => r.fingerprint256));
  const candidates = [...pool.map((p) => new X509Certificate(p)), ...rootCerts];
  let current = new X509Certificate(signer);
  const path = [current.subject.replace(/\n/g, ', ')];
  let validAtSigning = validAt(current, at);
  for (let depth = 0; depth < 10; depth++) {
    if (rootPrints.has(current.fingerprint256)) return { status: 'trusted', path, validAtSigning };
    const issuer = candidates.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c));
    if (!issuer) {
      const selfSigned = current.checkIssued(current) && current.verify(current.publicKey);
      return { status: selfSigned ? 'untrusted-root' : 'incomplete', path, validAtSigning };
    }
    if (!current.verify(issuer.publicKey)) return { status: 'invalid-signature', path, validAtSigning };
    current = issuer;
    path.push(current.subject.replace(/\n/g, ', '));
    validAtSigning = validAtSigning && validAt(current, at);
  }
  return { status: 'incomplete', path, validAtSigning };
}

/** URLs the certificate names for revocation: CRL distribution points and OCSP responders. */
export function revocationUrls(der: Uint8Array): { crl: string[]; ocsp: string[] } {
  pkiEngineEnsure();
  const cert = pkijs.Certificate.fromBER(bufferOf(der));
  const crl: string[] = [];
  const ocsp: string[] = [];
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID === '2.5.29.31' && ext.parsedValue instanceof pkijs.CRLDistributionPoints) {
      for (const point of ext.parsedValue.distributionPoints) {
        const names = Array.isArray(point.distributionPoint) ? point.distributionPoint : [];
        for (const n of names) if (n.type === 6 && typeof n.value === 'string') crl.push(n.value);
      }
    }
    if (ext.extnID === '1.3.6.1.5.5.7.1.1' && ext.parsedValue instanceof pkijs.InfoAccess) {
      for (const d of ext.parsedValue.accessDescriptions) {
        if (d.accessMethod === '1.3.6.1.5.5.7.48.1' && d.accessLocation.type === 6) ocsp.push(String(d.accessLocation.value));
      }
    }
  }
  return { crl, ocsp };
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'no-source';

/**
 * Asks OCSP first, then the CRL, when the network allows. Offline, or when no source answers
 * with a verdict signed by the issuer, the answer is 'unknown' ("chưa kiểm tra được thu hồi"),
 * never 'good'.
 */
export async function revocationCheck(
  signer: Uint8Array,
  issuer: Uint8Array | null,
  options: { fetch?: typeof fetch; timeoutMs?: number; online: boolean },
): Promise<RevocationStatus> {
  const { crl, ocsp } = revocationUrls(signer);
  if (crl.length === 0 && ocsp.length === 0) return 'no-source';
  // Without the issuer no answer can be authenticated.
  if (!options.online || !issuer) return 'unknown';
  for (const url of ocsp) {
    const verdict = await ocspCheck(signer, issuer, url, options);
    if (verdict !== 'unknown') return verdict;
  }
  const issuerCert = pkijs.Certificate.fromBER(bufferOf(issuer));
  const doFetch = options.fetch ?? fetch;
  const serial = new X509Certificate(signer).serialNumber.toUpperCase().replace(/^0+/, '');
  for (const url of crl) {
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) });
      if (!res.ok) continue;
      const body = new Uint8Array(await res.arrayBuffer());
      const list = pkijs.CertificateRevocationList.fromBER(bufferOf(body));
      if (!(await list.verify({ issuerCertificate: issuerCert }))) continue;
      const revoked = (list.revokedCertificates ?? []).some(
        (r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).toString('hex').toUpperCase().replace(/^0+/, '') === serial,
      );
      return revoked ? 'revoked' : 'good';
    } catch {
      // Unreachable or unreadable CRL: try the next distribution point.
    }
  }
  return 'unknown';
}
