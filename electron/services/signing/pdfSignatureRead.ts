// Finds the signatures in a PDF straight from its bytes. A tampered file may no longer parse as
// a PDF, yet its signatures must still be reported (as broken), so this reads the raw
// /ByteRange arrays rather than the object tree: by definition the gap between the two ranges
// is exactly the /Contents hex string (ISO 32000-1 §12.8.1).

export interface RawSignature {
  byteRange: number[];
  /** The CMS bytes (hex decoded, trailing zero padding kept; DER parsing ignores it). */
  contents: Uint8Array | null;
  /** Why the ranges are unusable (out of the file, gap not a hex string), if they are. */
  problem: string | null;
  fieldName: string | null;
  reason: string | null;
  location: string | null;
  name: string | null;
  /** /M as ISO 8601, the claimed signing time. */
  claimedTime: string | null;
  subFilter: string | null;
}

function utf16beDecode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return out;
}

function textDecode(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16beDecode(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder().decode(bytes.subarray(3));
  return Buffer.from(bytes).toString('latin1');
}

const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

/** Reads the PDF string object starting at `at` (literal or hex); null when there is none. */
export function pdfStringAt(text: string, at: number): string | null {
  let i = at;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  if (text[i] === '<') {
    const end = text.indexOf('>', i);
    if (end < 0) return null;
    const hex = text.slice(i + 1, end).replace(/\s/g, '');
    return textDecode(new Uint8Array(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')));
  }
  if (text[i] !== '(') return null;
  const bytes: number[] = [];
  let depth = 0;
  for (i++; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\') {
      const n = text[i + 1] ?? '';
      if (/[0-7]/.test(n)) {
        const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))?.[0] ?? '0';
        bytes.push(parseInt(oct, 8) & 0xff);
        i += oct.length;
      } else if (n === '\r' || n === '\n') {
        i += n === '\r' && text[i + 2] === '\n' ? 2 : 1;
      } else {
        bytes.push(escapes[n] ?? n.charCodeAt(0));
        i++;
      }
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
    bytes.push(c.charCodeAt(0) & 0xff);
  }
  return textDecode(new Uint8Array(bytes));
}

/** D:YYYYMMDDHHmmSSOHH'mm → ISO 8601 (UTC). */
export function pdfDateParse(value: string | null): string | null {
  const m = value ? /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(value) : null;
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000;
  const t = sign === '+' ? utc - offset : sign === '-' ? utc + offset : utc;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function keyString(dict: string, key: string): string | null {
  const re = new RegExp(`/${key}(?![A-Za-z])`);
  const m = re.exec(dict);
  return m ? pdfStringAt(dict, m.index + m[0].length) : null;
}

function nameValue(dict: string, key: string): string | null {
  return new RegExp(`/${key}\\s*/([^\\s/<>\\[\\]()]+)`).exec(dict)?.[1] ?? null;
}

/** The field name: the widget/field whose /V points at the signature dictionary's object. */
function fieldNameOf(text: string, objNum: string | null): string | null {
  if (!objNum) return null;
  const re = new RegExp(`/V\\s+${objNum}\\s+0\\s+R`, 'g');
  let m: RegExpExecArray | null;
  let found: string | null = null;
  while ((m = re.exec(text))) {
    const start = text.lastIndexOf(' obj', m.index);
    const end = text.indexOf('endobj', m.index);
    found = keyString(text.slice(start, end < 0 ? undefined : end), 'T') ?? found;
  }
  return found;
}

export function pdfSignaturesRead(bytes: Uint8Array): RawSignature[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const out: RawSignature[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const byteRange = [m[1], m[2], m[3], m[4]].map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = byteRange;
    let problem: string | null = null;
    let contents: Uint8Array | null = null;
    if (a !== 0 || b > c || c + d > bytes.length) problem = 'ByteRange nằm ngoài tệp';
    else {
      const gap = text.slice(b, c);
      if (!/^<[0-9A-Fa-f\s]*>$/.test(gap)) problem = 'Khoảng trống của ByteRange không phải /Contents';
      else contents = new Uint8Array(Buffer.from(gap.slice(1, -1).replace(/\s/g, ''), 'hex'));
    }
    const objStart = text.lastIndexOf(' obj', m.index);
    const header = /(\d+)\s+\d+\s*$/.exec(text.slice(Math.max(0, objStart - 24), objStart));
    const endCandidate = text.indexOf('endobj', Math.max(m.index, c));
    const dict = text.slice(objStart < 0 ? m.index : objStart, endCandidate < 0 ? undefined : endCandidate);
    const dictNoContents = dict.replace(/\/Contents\s*<[0-9A-Fa-f\s]*>/, '/Contents <>');
    out.push({
      byteRange,
      contents,
      problem,
      fieldName: fieldNameOf(text, header?.[1] ?? null),
      reason: keyString(dictNoContents, 'Reason'),
      location: keyString(dictNoContents, 'Location'),
      name: keyString(dictNoContents, 'Name'),
      claimedTime: pdfDateParse(keyString(dictNoContents, 'M')),
      subFilter: nameValue(dictNoContents, 'SubFilter'),
    });
  }
  return out;
}
