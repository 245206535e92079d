import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

// A small flow-layout helper over pdf-lib: styled runs wrapped to a width, a cursor that moves
// down the page and opens a new one when needed, ruled tables with repeated headers, tick boxes.
// Coordinates are PDF points with y growing upwards; the flow's `y` is the top of the next line.

export interface Run {
  text: string;
  font: PDFFont;
}

export interface Segment {
  text: string;
  font: PDFFont;
  /** Offset from the line's left edge. */
  x: number;
}

export interface Line {
  segments: Segment[];
  width: number;
}

interface Piece {
  text: string;
  font: PDFFont;
}

type Token = { kind: 'word'; pieces: Piece[] } | { kind: 'space'; font: PDFFont; count: number } | { kind: 'break' };

function tokensOf(runs: readonly Run[]): Token[] {
  const tokens: Token[] = [];
  let word: Piece[] | null = null;
  for (const run of runs) {
    for (const part of run.text.split(/(\n|[ \t]+)/)) {
      if (part === '') continue;
      if (part === '\n' || /^[ \t]+$/.test(part)) {
        if (word) tokens.push({ kind: 'word', pieces: word });
        word = null;
        tokens.push(part === '\n' ? { kind: 'break' } : { kind: 'space', font: run.font, count: part.replace(/\t/g, '    ').length });
      } else {
        // Pieces of different fonts with no space between them stay one unbreakable word.
        word = word ?? [];
        word.push({ text: part, font: run.font });
      }
    }
  }
  if (word) tokens.push({ kind: 'word', pieces: word });
  return tokens;
}

// pdf-lib measures a custom font by running fontkit's full shaping on every call, which made
// layout cost seconds per form; widths are linear in size, so they are cached at 1 pt, keyed by
// the embedded font's fixed name (fonts.ts) so the cache outlives one document. Bounded, since
// a worker renders for the whole working day.
const widthCache = new Map<string, Map<string, number>>();
const widthCacheMax = 50_000;

export function textWidth(font: PDFFont, text: string, size: number): number {
  let byText = widthCache.get(font.name);
  if (!byText || byText.size > widthCacheMax) {
    byText = new Map();
    widthCache.set(font.name, byText);
  }
  let unit = byText.get(text);
  if (unit === undefined) {
    unit = font.widthOfTextAtSize(text, 1);
    byText.set(text, unit);
  }
  return unit * size;
}

function piecesWidth(pieces: readonly Piece[], size: number): number {
  return pieces.reduce((sum, p) => sum + textWidth(p.font, p.text, size), 0);
}

/** Splits a word wider than the box: after '-', '.', '/' or ',' where possible, else by letters. */
function wordSplit(pieces: readonly Piece[], size: number, maxWidth: number): Piece[][] {
  const chars: Piece[] = [];
  for (const p of pieces) for (const ch of Array.from(p.text)) chars.push({ text: ch, font: p.font });
  const parts: Piece[][] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let width = 0;
    let lastBreak = -1;
    while (end < chars.length) {
      const c = chars[end] as Piece;
      const w = textWidth(c.font, c.text, size);
      if (width + w > maxWidth && end > start) break;
      width += w;
      if (/[-./,]/.test(c.text)) lastBreak = end + 1;
      end += 1;
    }
    if (end < chars.length && lastBreak > start) end = lastBreak;
    parts.push(merge(chars.slice(start, end)));
    start = end;
  }
  return parts;
}

function merge(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.font === p.font) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

/**
 * Greedy word wrap of styled runs; explicit "\n" forces a break; spaces at line ends are dropped.
 * `firstWidth` lets the first line be narrower or wider (paragraph indent, hanging lists).
 */
export function runsWrap(runs: readonly Run[], size: number, maxWidth: number, firstWidth = maxWidth): Line[] {
  const lines: Line[] = [];
  const limit = (): number => (lines.length === 0 ? firstWidth : maxWidth);
  let items: (Piece | { space: number; font: PDFFont })[] = [];
  let width = 0;
  // Cast so TypeScript does not narrow to null: closures below reassign it.
  let pendingSpace = null as { width: number; font: PDFFont } | null;

  const flush = (): void => {
    const segments: Segment[] = [];
    let x = 0;
    // Where the last segment's text ends; a segment only grows while text runs on without a gap.
    let segEnd = -1;
    for (const item of items) {
      if ('space' in item) {
        const last = segments[segments.length - 1];
        // A gap of several spaces is kept as offset, not text, so extractors see one word break.
        if (last && last.font === item.font && item.space < textWidth(item.font, '  ', size) && Math.abs(segEnd - x) < 0.01) {
          last.text += ' ';
          segEnd += item.space;
        }
        x += item.space;
        continue;
      }
      const last = segments[segments.length - 1];
      if (last && last.font === item.font && Math.abs(segEnd - x) < 0.01) last.text += item.text;
      else segments.push({ text: item.text, font: item.font, x });
      x += textWidth(item.font, item.text, size);
      segEnd = x;
    }
    lines.push({ segments, width });
    items = [];
    width = 0;
    pendingSpace = null;
  };

  const place = (pieces: readonly Piece[], w: number): void => {
    if (items.length > 0 && pendingSpace) {
      items.push({ space: pendingSpace.width, font: pendingSpace.font });
      width += pendingSpace.width;
    }
    items.push(...pieces.map((p) => ({ ...p })));
    width += w;
    pendingSpace = null;
  };

  for (const token of tokensOf(runs)) {
    if (token.kind === 'break') {
      flush();
      continue;
    }
    if (token.kind === 'space') {
      const w = textWidth(token.font, ' ', size) * token.count;
      pendingSpace = { width: (pendingSpace?.width ?? 0) + w, font: token.font };
      continue;
    }
    const w = piecesWidth(token.pieces, size);
    const spaceW = items.length > 0 && pendingSpace ? pendingSpace.width : 0;
    if (width + spaceW + w <= limit()) {
      place(token.pieces, w);
      continue;
    }
    if (items.length > 0) flush();
    if (w <= limit()) {
      place(token.pieces, w);
      continue;
    }
    // Split against the current line's limit; later parts may wrap again at the general width.
    const parts = wordSplit(token.pieces, size, Math.min(limit(), maxWidth));
    parts.forEach((part, i) => {
      place(part, piecesWidth(part, size));
      if (i < parts.length - 1) flush();
    });
  }
  if (items.length > 0 || lines.length === 0) flush();
  return lines;
}

export type Align = 'left' | 'center' | 'right';

export function lineDraw(page: PDFPage, line: Line, x: number, baseline: number, size: number, align: Align, boxWidth: number): void {
  const offset = align === 'center' ? (boxWidth - line.width) / 2 : align === 'right' ? boxWidth - line.width : 0;
  for (const s of line.segments) {
    const text = s.text.replace(/ +$/, '');
    if (text) page.drawText(text, { x: x + offset + s.x, y: baseline, size, font: s.font, color: rgb(0, 0, 0) });
  }
}

/** The largest size ≤ max (in 0.5 pt steps, ≥ min) at which the text fits on one line. */
export function sizeFit(text: string, font: PDFFont, max: number, width: number, min = 7): number {
  let size = max;
  while (size > min && textWidth(font, text, size) > width) size -= 0.5;
  return size;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface ParagraphOptions {
  size?: number;
  align?: Align;
  /** Left edge; defaults to the left margin. */
  x?: number;
  width?: number;
  /** Extra indent of the first line (Vietnamese official prose indents 1–1.27 cm). */
  firstIndent?: number;
  /** Indent of the following lines (hanging lists). */
  indent?: number;
  lineHeight?: number;
  after?: number;
}

export const mm = (v: number): number => (v * 72) / 25.4;
export const a4Portrait: [number, number] = [595.28, 841.89];
export const a4Landscape: [number, number] = [841.89, 595.28];

export class Flow {
  page: PDFPage;
  y: number;
  readonly pages: PDFPage[] = [];

  constructor(
    readonly doc: PDFDocument,
    readonly pageSize: [number, number],
    readonly margin: Margins,
    /** Draws what every page repeats (a running header) and returns the y below it. */
    private readonly onNewPage?: (flow: Flow) => void,
  ) {
    this.page = this.pageAdd();
    this.y = this.pageSize[1] - this.margin.top;
    this.onNewPage?.(this);
  }

  get left(): number {
    return this.margin.left;
  }

  get right(): number {
    return this.pageSize[0] - this.margin.right;
  }

  get width(): number {
    return this.right - this.left;
  }

  get bottom(): number {
    return this.margin.bottom;
  }

  private pageAdd(): PDFPage {
    const page = this.doc.addPage(this.pageSize);
    this.pages.push(page);
    return page;
  }

  newPage(): void {
    this.page = this.pageAdd();
    this.y = this.pageSize[1] - this.margin.top;
    this.onNewPage?.(this);
  }

  /** Opens a new page unless `height` more points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  gap(height: number): void {
    this.y -= height;
  }

  paragraph(content: string | readonly Run[], font: PDFFont, opts: ParagraphOptions = {}): Line[] {
    const size = opts.size ?? 12;
    const lineHeight = opts.lineHeight ?? size * 1.27;
    const x = opts.x ?? this.left;
    const width = opts.width ?? this.right - x;
    const first = opts.firstIndent ?? 0;
    const indent = opts.indent ?? 0;
    const runs = typeof content === 'string' ? [{ text: content, font }] : content;
    const lines = runsWrap(runs, size, width - indent, width - first);
    lines.forEach((line, i) => {
      this.ensure(lineHeight);
      const dx = i === 0 ? first : indent;
      lineDraw(this.page, line, x + dx, this.y - size, size, opts.align ?? 'left', width - dx);
      this.y -= lineHeight;
    });
    this.y -= opts.after ?? 0;
    return lines;
  }

  rule(x1: number, x2: number, y: number, thickness = 0.6): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color: rgb(0, 0, 0) });
  }
}

/** A square tick box; checked boxes get an X of two strokes (no glyph needed). */
export function tickBox(page: PDFPage, x: number, y: number, side: number, checked: boolean): void {
  const black = rgb(0, 0, 0);
  page.drawRectangle({ x, y, width: side, height: side, borderColor: black, borderWidth: 0.7 });
  if (!checked) return;
  const p = side * 0.2;
  page.drawLine({ start: { x: x + p, y: y + p }, end: { x: x + side - p, y: y + side - p }, thickness: 1.1, color: black });
  page.drawLine({ start: { x: x + p, y: y + side - p }, end: { x: x + side - p, y: y + p }, thickness: 1.1, color: black });
}
