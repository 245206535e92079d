import type { Align, QrEcLevel } from './commands.js';
import { cp1258Char, cp1258IsTone } from './cp1258.js';
import { glyphCharOf, glyphFor } from './glyphs.js';
import { PaperBitmap, paperLineAdvance, paperLineDraw, paperLineSpacing } from './paper.js';
import { tokenize } from './tokenize.js';
import { utf8Decode } from './utf8.js';

// A printer simulator for tests: ESC/POS bytes → the text lines and the dots the paper would
// show. Built-in characters come from the shared 12×24 table; downloaded glyphs are drawn from
// the bytes that were sent and read back by matching them against the table, so a wrong
// bitmap decodes as a wrong (or unknown, U+FFFD) letter.

export interface QrMatrix {
  size: number;
  get(x: number, y: number): boolean;
}

export interface DecodeOptions {
  paperDots: number;
  /** The ESC t number that this printer maps to Windows-1258. */
  cp1258Page?: number;
  /** A QR encoder (the printer's firmware); injected so shared/ needs no QR library. */
  qrRender?: (data: string, ec: QrEcLevel) => QrMatrix;
}

export interface DecodedLine {
  text: string;
  y: number;
  align: Align;
  bold: boolean;
  width: number;
  height: number;
  /** Whether any character came from a downloaded glyph. */
  downloaded: boolean;
}

export interface DecodedReceipt {
  lines: DecodedLine[];
  rasters: { y: number; widthDots: number; height: number }[];
  qrs: { data: string; x: number; y: number; dots: number }[];
  barcodes: { system: number; data: string; y: number }[];
  cuts: number[];
  drawerKicks: number;
  statusRequests: number[];
  glyphsDefined: number;
  unknown: string[];
  sheet: PaperBitmap;
}

const aligns: Align[] = ['left', 'center', 'right'];
const ecLevels: Record<number, QrEcLevel> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };

export function escposDecode(bytes: Uint8Array, options: DecodeOptions): DecodedReceipt {
  const out: DecodedReceipt = { lines: [], rasters: [], qrs: [], barcodes: [], cuts: [], drawerKicks: 0, statusRequests: [], glyphsDefined: 0, unknown: [], sheet: new PaperBitmap(options.paperDots) };
  const sheet = out.sheet;
  let y = 0;
  let align: Align = 'left';
  let bold = false;
  let width = 1;
  let height = 1;
  let spacing = paperLineSpacing;
  let page = 0;
  let udgOn = false;
  let udg = new Map<number, Uint8Array>();
  const qr = { data: '', module: 3, ec: 'L' as QrEcLevel };
  let line: { ch: string; cell: Uint8Array | null; downloaded: boolean }[] = [];
  let lineStyle: { align: Align; bold: boolean; width: number; height: number } = { align, bold, width, height };

  const lineFlush = (feedDots?: number) => {
    if (line.length === 0) {
      y += feedDots ?? spacing;
      sheet.ensure(y);
      return;
    }
    paperLineDraw(sheet, y, line.map((c) => c.cell), lineStyle);
    out.lines.push({ text: line.map((c) => c.ch).join(''), y, ...lineStyle, downloaded: line.some((c) => c.downloaded) });
    y += feedDots ?? paperLineAdvance(lineStyle.height, spacing);
    sheet.ensure(y);
    line = [];
  };
  const charPut = (ch: string, cell: Uint8Array | null, downloaded = false) => {
    if (line.length === 0) lineStyle = { align, bold, width, height };
    line.push({ ch, cell, downloaded });
  };
  const blockX = (w: number) => (align === 'center' ? Math.max(0, Math.floor((options.paperDots - w) / 2)) : align === 'right' ? Math.max(0, options.paperDots - w) : 0);

  for (const t of tokenize(bytes)) {
    if (t.kind === 'unknown') {
      out.unknown.push(`truncated ${t.bytes.length} bytes`);
      continue;
    }
    if (t.kind === 'control') {
      if (t.byte === 0x0a) lineFlush();
      continue;
    }
    if (t.kind === 'text') {
      const b = t.byte;
      if (b < 0x80) {
        const own = udgOn ? udg.get(b) : undefined;
        if (own) charPut(glyphCharOf(own) ?? '\ufffd', own, true);
        else charPut(String.fromCharCode(b), b === 0x20 ? null : (glyphFor(String.fromCharCode(b)) ?? glyphFor('?')!));
        continue;
      }
      const ch = options.cp1258Page !== undefined && page === options.cp1258Page ? cp1258Char(b) : '\ufffd';
      const prev = line[line.length - 1];
      if (cp1258IsTone(ch) && prev) {
        prev.ch = (prev.ch + ch).normalize('NFC');
        prev.cell = glyphFor(prev.ch) ?? glyphFor('?')!;
      } else {
        charPut(ch, glyphFor(ch) ?? glyphFor('?')!);
      }
      continue;
    }
    const a = t.args;
    const n = a[0] ?? 0;
    const key = `${t.prefix === 0x1b ? 'ESC' : t.prefix === 0x1d ? 'GS' : 'DLE'} ${String.fromCharCode(t.code)}`;
    switch (key) {
      case 'ESC @':
        align = 'left'; bold = false; width = 1; height = 1; spacing = paperLineSpacing; page = 0; udgOn = false; udg = new Map();
        break;
      case 'ESC a': align = aligns[n % 48] ?? 'left'; break;
      case 'ESC E': bold = (n & 1) === 1; break;
      case 'GS !': width = (n >> 4) + 1; height = (n & 15) + 1; break;
      case 'ESC 3': spacing = n; break;
      case 'ESC 2': spacing = paperLineSpacing; break;
      case 'ESC t': page = n; break;
      case 'ESC %': udgOn = (n & 1) === 1; break;
      case 'ESC ?': udg.delete(n); break;
      case 'ESC d': lineFlush(); y += Math.max(0, n - 1) * spacing; sheet.ensure(y); break;
      case 'ESC J': lineFlush(n); break;
      case 'ESC p': out.drawerKicks++; break;
      case 'DLE \u0004': out.statusRequests.push(n); break;
      case 'ESC &': {
        const bands = a[0]!;
        let off = 3;
        for (let c = a[1]!; c <= a[2]!; c++) {
          const x = a[off]!;
          const cols = new Uint8Array(36);
          cols.set(a.subarray(off + 1, off + 1 + x * bands).subarray(0, 36));
          udg.set(c, cols);
          out.glyphsDefined++;
          off += 1 + x * bands;
        }
        break;
      }
      case 'GS v': {
        if (line.length) lineFlush();
        const wb = a[2]! + a[3]! * 256;
        const h = a[4]! + a[5]! * 256;
        sheet.blit(blockX(wb * 8), y, wb, h, a.subarray(6));
        out.rasters.push({ y, widthDots: wb * 8, height: h });
        y += h;
        break;
      }
      case 'GS (': {
        const fn = a[4];
        if (t.code !== 0x28 || a[0] !== 0x6b) break;
        if (fn === 67) qr.module = a[5]!;
        else if (fn === 69) qr.ec = ecLevels[a[5]!] ?? 'L';
        else if (fn === 80) qr.data = utf8Decode(a.subarray(6));
        else if (fn === 81) {
          if (line.length) lineFlush();
          const m = options.qrRender?.(qr.data, qr.ec);
          const dots = (m?.size ?? 21) * qr.module;
          const x0 = blockX(dots);
          if (m) {
            for (let my = 0; my < m.size; my++) for (let mx = 0; mx < m.size; mx++) if (m.get(mx, my)) sheet.fillRect(x0 + mx * qr.module, y + my * qr.module, qr.module, qr.module);
          }
          out.qrs.push({ data: qr.data, x: x0, y, dots });
          y += dots;
          sheet.ensure(y);
        }
        break;
      }
      case 'GS k': {
        if (line.length) lineFlush();
        const data = n >= 65 ? a.subarray(2, 2 + a[1]!) : a.subarray(1, a.length - 1);
        out.barcodes.push({ system: n, data: utf8Decode(data), y });
        y += 80;
        break;
      }
      case 'GS V':
        if (line.length) lineFlush();
        y += n >= 65 ? (a[1] ?? 0) : 0;
        sheet.ensure(y);
        out.cuts.push(y);
        break;
      case 'GS h': case 'GS w': case 'GS H':
        break;
      default:
        out.unknown.push(key);
    }
  }
  if (line.length) lineFlush();
  return out;
}

/** The receipt's text as the paper shows it, one line per printed text line. */
export function decodedText(d: DecodedReceipt): string {
  return d.lines.map((l) => l.text).join('\n');
}
