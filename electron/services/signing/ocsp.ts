import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bufferOf, pkiEngineEnsure } from './pkiEngine.js';

// RFC 6960 OCSP: ask the responder named in the certificate whether it is revoked. Only a
// response signed by the issuer (or its delegated responder) counts; anything else is 'unknown'.

export type OcspStatus = 'good' | 'revoked' | 'unknown';

export async function ocspCheck(
  signer: Uint8Array,
  issuer: Uint8Array,
  url: string,
  options: { fetch?: typeof fetch; timeoutMs?: number },
): Promise<OcspStatus> {
  const crypto = pkiEngineEnsure();
  const cert = pkijs.Certificate.fromBER(bufferOf(signer));
  const issuerCert = pkijs.Certificate.fromBER(bufferOf(issuer));
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuerCert }, crypto);
  const doFetch = options.fetch ?? fetch;
  try {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: Buffer.from(request.toSchema(true).toBER()),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!res.ok) return 'unknown';
    const response = pkijs.OCSPResponse.fromBER(await res.arrayBuffer());
    if (response.responseStatus.valueBlock.valueDec !== 0 || !response.responseBytes) return 'unknown';
    const basic = pkijs.BasicOCSPResponse.fromBER(
      (response.responseBytes.response as asn1js.OctetString).valueBlock.valueHexView.slice().buffer,
    );
    const verified = await basic.verify({ trustedCerts: [issuerCert], issuerCerts: [issuerCert] }, crypto);
    if (!verified) return 'unknown';
    const status = await basic.getCertificateStatus(cert, issuerCert, crypto);
    if (!status.isForCertificate) return 'unknown';
    return status.status === 0 ? 'good' : status.status === 1 ? 'revoked' : 'unknown';
  } catch {
    // Offline, refused, malformed or badly signed: no verdict rather than a wrong one.
    return 'unknown';
  }
}
