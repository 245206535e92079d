// Content a database or a JSON parser may choke on, found before it reaches one. PostgreSQL's
// text and jsonb refuse U+0000 and unpaired surrogates (and answered 500 with its own message);
// a deep or huge value costs the server more than it is worth. Pure: used by the server on every
// pushed row, bundle row and request body, and by the workstation before it sends.

export interface TextLimits {
  maxDepth: number;
  maxStringLength: number;
  maxKeys: number;
}

const textLimitsDefault: TextLimits = { maxDepth: 12, maxStringLength: 64 * 1024, maxKeys: 2000 };

export interface TextIssue {
  code: 'bad-text' | 'too-deep' | 'too-large';
  path: string;
  reason: string;
}

// Most text holds neither: one native scan finds out, and only a hit is walked character by character.
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const suspect = /[\u0000\ud800-\udfff]/;

function stringIssue(s: string): string | null {
  if (!suspect.test(s)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'contains a NUL character';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'contains an unpaired surrogate';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return 'contains an unpaired surrogate';
  }
  return null;
}

/** The first problem of a JSON value (keys included), or null when it is safe to store. */
export function textSafetyIssue(value: unknown, limits: TextLimits = textLimitsDefault): TextIssue | null {
  let keys = 0;
  const walk = (v: unknown, path: string, depth: number): TextIssue | null => {
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return { code: 'too-large', path, reason: `text longer than ${limits.maxStringLength} characters` };
      const why = stringIssue(v);
      return why ? { code: 'bad-text', path, reason: why } : null;
    }
    if (v === null || typeof v !== 'object') return null;
    if (depth >= limits.maxDepth) return { code: 'too-deep', path, reason: `nested deeper than ${limits.maxDepth}` };
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) {
      if (++keys > limits.maxKeys) return { code: 'too-large', path, reason: `more than ${limits.maxKeys} fields` };
      const keyWhy = Array.isArray(v) ? null : stringIssue(k);
      const at = path ? `${path}.${k.slice(0, 40)}` : k.slice(0, 40);
      if (keyWhy) return { code: 'bad-text', path: at, reason: `field name ${keyWhy}` };
      const found = walk(x, at, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(value, '', 0);
}
