import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/contract/errors.js';
import { oid, sha256 } from './cms.js';
import { bufferOf, pkiEngineEnsure } from './pkiEngine.js';

// RFC 3161 timestamps for PAdES B-T: the token imprints SHA-256 of the SignerInfo signature
// value and is stored as the unsigned attribute id-aa-signatureTimeStampToken.

export interface TimestampClient {
  url: string;
  timeoutMs?: number;
  /** Injected transport (tests, proxies); defaults to global fetch. */
  fetch?: typeof fetch;
}

const tstInfoOid = '1.2.840.113549.1.9.16.1.4';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export interface TimestampInfo {
  genTime: Date;
  imprint: Uint8Array;
  hashAlgorithm: string;
  nonce: string | null;
  signedData: pkijs.SignedData;
}

/** Reads a TimeStampToken (ContentInfo of SignedData with TSTInfo). */
export function timestampTokenRead(tokenDer: Uint8Array): TimestampInfo {
  pkiEngineEnsure();
  const asn = asn1js.fromBER(bufferOf(tokenDer));
  if (asn.offset === -1) throw new AppError('validation-failed', 'Dấu thời gian không đọc được');
  const info = new pkijs.ContentInfo({ schema: asn.result });
  const signedData = new pkijs.SignedData({ schema: info.content });
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== tstInfoOid || !encap.eContent) {
    throw new AppError('validation-failed', 'Dấu thời gian không chứa TSTInfo');
  }
  const tst = pkijs.TSTInfo.fromBER(encap.eContent.getValue());
  return {
    genTime: tst.genTime,
    imprint: new Uint8Array(tst.messageImprint.hashedMessage.getValue()),
    hashAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
    nonce: tst.nonce ? Buffer.from(tst.nonce.valueBlock.valueHexView).toString('hex') : null,
    signedData,
  };
}

/** Asks the TSA for a token over `imprint` (SHA-256) and checks imprint and nonce. */
export async function timestampFetch(client: TimestampClient, imprint: Uint8Array): Promise<Uint8Array> {
  pkiEngineEnsure();
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] ?? 0) & 0x7f; // a positive INTEGER
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: bufferOf(imprint) }),
    }),
    nonce: new asn1js.Integer({ valueHex: bufferOf(nonce) }),
    certReq: true,
  });
  const doFetch = client.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(client.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(req.toSchema().toBER()),
      signal: AbortSignal.timeout(client.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new AppError('device-offline', `Không kết nối được máy chủ dấu thời gian ${client.url}`, {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  if (!response.ok) throw new AppError('device-offline', `Máy chủ dấu thời gian trả lỗi HTTP ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(bufferOf(body));
  } catch {
    throw new AppError('validation-failed', 'Phản hồi dấu thời gian không đọc được');
  }
  const status = resp.status.status;
  if ((status !== 0 && status !== 1) || !resp.timeStampToken) {
    throw new AppError('validation-failed', `Máy chủ dấu thời gian từ chối (trạng thái ${status})`);
  }
  const token = new Uint8Array(resp.timeStampToken.toSchema().toBER());
  const info = timestampTokenRead(token);
  if (!bytesEqual(info.imprint, imprint)) throw new AppError('validation-failed', 'Dấu thời gian không khớp chữ ký');
  if (info.nonce !== null && info.nonce !== nonce.toString('hex').replace(/^(00)+/, '')) {
    const expected = BigInt(`0x${nonce.toString('hex')}`);
    if (BigInt(`0x${info.nonce}`) !== expected) throw new AppError('validation-failed', 'Dấu thời gian sai nonce');
  }
  return token;
}

/** Checks the token's own CMS signature (not its chain) and that it imprints SHA-256 of `data`. */
export async function timestampTokenVerify(tokenDer: Uint8Array, data: Uint8Array): Promise<{
  genTime: Date;
  imprintMatches: boolean;
  signatureValid: boolean;
  tsaCertificate: Uint8Array | null;
}> {
  const info = timestampTokenRead(tokenDer);
  const imprint = sha256(data);
  // pkijs re-checks the TSTInfo imprint against `data` before checking the CMS signature.
  const signatureValid = await info.signedData
    .verify({ signer: 0, data: bufferOf(data), checkChain: false, extendedMode: true })
    .then((result) => result.signatureVerified === true)
    .catch(() => false);
  const certs = (info.signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const first = certs[0];
  return {
    genTime: info.genTime,
    imprintMatches: info.hashAlgorithm === oid.sha256 && bytesEqual(info.imprint, imprint),
    signatureValid,
    tsaCertificate: first ? new Uint8Array(first.toSchema().toBER()) : null,
  };
}
