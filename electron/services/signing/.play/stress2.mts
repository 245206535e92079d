import { readFileSync } from 'node:fs';
import { p12KeyOpen } from '/work/main/electron/services/signing/p12Key.js';
import { pdfSign } from '/work/main/electron/services/signing/pdfSign.js';
import { pdfVerify } from '/work/main/electron/services/signing/verify.js';
import { pdfFixture } from '/work/main/electron/services/signing/testSupport/pdfFixture.js';
import { tsaServerStart } from '/work/main/electron/services/signing/testSupport/tsaServer.js';
const pdf = await pdfFixture();
const key = await p12KeyOpen(readFileSync('/tmp/sigplay/signer.p12'), 'secret');
const tsa = await tsaServerStart('/tmp/sigplay/tsa.cnf');
let bad = 0;
for (let i = 0; i < 40; i++) {
  const s = await pdfSign(pdf, { key, tsa: { url: tsa.url } });
  const [r] = await pdfVerify(s.bytes);
  if (r!.integrity !== 'valid' || r!.timestamp.status !== 'valid' || s.timestamp !== 'added') { bad++; console.log(i, s.timestamp, s.timestampError, r!.integrity, r!.integrityProblem, JSON.stringify(r!.timestamp)); }
}
await tsa.close();
console.log('bad', bad);
