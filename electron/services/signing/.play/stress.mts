import { readFileSync } from 'node:fs';
import { p12KeyOpen } from '/work/main/electron/services/signing/p12Key.js';
import { pdfSign } from '/work/main/electron/services/signing/pdfSign.js';
import { pdfVerify } from '/work/main/electron/services/signing/verify.js';
import { cmsDecode, cmsEncode } from '/work/main/electron/services/signing/cms.js';
import { pdfSignaturesRead } from '/work/main/electron/services/signing/pdfSignatureRead.js';
import { pdfFixture } from '/work/main/electron/services/signing/testSupport/pdfFixture.js';
const pdf = await pdfFixture();
const key = await p12KeyOpen(readFileSync('/tmp/sigplay/signer.p12'), 'secret');
let bad = 0;
for (let i = 0; i < 300; i++) {
  const s = await pdfSign(pdf, { key, now: () => new Date(Date.now() - i * 1000) });
  const [r] = await pdfVerify(s.bytes);
  if (r!.integrity !== 'valid') { bad++; console.log('direct broken', i, r!.integrityProblem); }
  const [raw] = pdfSignaturesRead(s.bytes);
  const re = cmsEncode(cmsDecode(raw!.contents!));
  const orig = raw!.contents!.subarray(0, re.length);
  if (Buffer.compare(Buffer.from(re), Buffer.from(orig)) !== 0) { bad++; console.log('reencode differs', i); }
}
console.log('bad', bad);
