// Splits an ESC/POS byte stream into commands. Shared by the decoder and the fake printer,
// which must find DLE EOT status requests only at command boundaries (the same bytes occur
// inside raster and glyph data).

export type Token =
  | { kind: 'text'; byte: number }
  | { kind: 'control'; byte: number }
  | { kind: 'command'; prefix: number; code: number; args: Uint8Array }
  | { kind: 'unknown'; bytes: Uint8Array };

/** Length of the command starting at `i`, or undefined when more bytes are needed. */
export function tokenLength(buf: Uint8Array, i: number): number | undefined {
  const need = (n: number) => (i + n <= buf.length ? n : undefined);
  const at = (k: number) => buf[i + k];
  const b0 = at(0);
  if (b0 === undefined) return undefined;
  if (b0 >= 0x20 || (b0 !== 0x1b && b0 !== 0x1d && b0 !== 0x10)) return 1;
  const b1 = at(1);
  if (b1 === undefined) return undefined;
  if (b0 === 0x10) return b1 === 0x04 || b1 === 0x05 ? need(3) : b1 === 0x14 ? need(5) : 2;
  if (b0 === 0x1b) {
    if (b1 === 0x40 || b1 === 0x32 || b1 === 0x3c) return 2;
    if (b1 === 0x24) return need(4);
    if (b1 === 0x70) return need(5);
    if (b1 === 0x26) {
      const y = at(2);
      const c1 = at(3);
      const c2 = at(4);
      if (y === undefined || c1 === undefined || c2 === undefined) return undefined;
      let off = 5;
      for (let c = c1; c <= c2; c++) {
        const x = buf[i + off];
        if (x === undefined) return undefined;
        off += 1 + x * y;
      }
      return need(off);
    }
    return need(3);
  }
  // GS
  if (b1 === 0x56) {
    const m = at(2);
    if (m === undefined) return undefined;
    return m === 65 || m === 66 ? need(4) : need(3);
  }
  if (b1 === 0x76) {
    if (i + 8 > buf.length) return undefined;
    return need(8 + (at(4)! + at(5)! * 256) * (at(6)! + at(7)! * 256));
  }
  if (b1 === 0x28) {
    if (i + 5 > buf.length) return undefined;
    return need(5 + at(3)! + at(4)! * 256);
  }
  if (b1 === 0x6b) {
    const m = at(2);
    if (m === undefined) return undefined;
    if (m >= 65) {
      const n = at(3);
      return n === undefined ? undefined : need(4 + n);
    }
    for (let k = i + 3; k < buf.length; k++) if (buf[k] === 0) return k - i + 1;
    return undefined;
  }
  if (b1 === 0x4c || b1 === 0x57) return need(4);
  return need(3);
}

/** All tokens of a complete stream; a truncated tail becomes one `unknown` token. */
export function tokenize(buf: Uint8Array): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < buf.length) {
    const len = tokenLength(buf, i);
    if (len === undefined) {
      out.push({ kind: 'unknown', bytes: buf.subarray(i) });
      break;
    }
    const b0 = buf[i]!;
    if (len === 1) out.push(b0 >= 0x20 ? { kind: 'text', byte: b0 } : { kind: 'control', byte: b0 });
    else out.push({ kind: 'command', prefix: b0, code: buf[i + 1]!, args: buf.subarray(i + 2, i + len) });
    i += len;
  }
  return out;
}
