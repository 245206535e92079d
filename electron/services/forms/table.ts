import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { lineDraw, runsWrap, type Align, type Flow, type Run } from './layout.js';

// Ruled tables for the forms: wrapped cells, a header (optionally with grouped columns, as in
// the tracking book's "Ngày, tháng, năm" group) repeated on every page, and custom cells for
// signatures or tick boxes.

/** A cell that draws itself (signature pairs, tick boxes). `top` is the cell's inner top edge. */
export interface CellBox {
  height(width: number): number;
  draw(page: PDFPage, x: number, top: number, width: number): void;
}

export type CellContent = string | readonly Run[] | CellBox;

export interface Column {
  title: string;
  /** Relative width; the columns are scaled to the table width. */
  width: number;
  align?: Align;
  /** Columns with the same consecutive group share a header cell above their titles. */
  group?: string;
}

export interface TableOptions {
  font: PDFFont;
  bold: PDFFont;
  size?: number;
  headerSize?: number;
  padding?: number;
  /** Prints a row "(1) (2) …" under the header, as registers do. */
  numbered?: boolean;
  italic?: PDFFont;
  minRowHeight?: number;
}

const black = rgb(0, 0, 0);

function isBox(c: CellContent): c is CellBox {
  return typeof c === 'object' && !Array.isArray(c) && 'draw' in c;
}

function border(page: PDFPage, x: number, top: number, w: number, h: number): void {
  page.drawRectangle({ x, y: top - h, width: w, height: h, borderColor: black, borderWidth: 0.6 });
}

interface Measured {
  height: number;
  draw: (page: PDFPage, x: number, top: number) => void;
}

function textCell(content: string | readonly Run[], font: PDFFont, size: number, width: number, align: Align, pad: number): Measured {
  const runs = typeof content === 'string' ? [{ text: content, font }] : content;
  const lines = runsWrap(runs, size, width - 2 * pad);
  const lh = size * 1.25;
  return {
    height: lines.length * lh + 2 * pad,
    draw: (page, x, top) =>
      lines.forEach((line, i) => lineDraw(page, line, x + pad, top - pad - size * 0.95 - i * lh, size, align, width - 2 * pad)),
  };
}

function cellMeasure(c: CellContent, font: PDFFont, size: number, width: number, align: Align, pad: number): Measured {
  if (!isBox(c)) return textCell(c, font, size, width, align, pad);
  return { height: c.height(width - 2 * pad) + 2 * pad, draw: (page, x, top) => c.draw(page, x + pad, top - pad, width - 2 * pad) };
}

export function tableDraw(flow: Flow, columns: readonly Column[], rows: readonly (readonly CellContent[])[], opts: TableOptions): void {
  const size = opts.size ?? 11;
  const headerSize = opts.headerSize ?? size;
  const pad = opts.padding ?? 3;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * flow.width);
  const xs = widths.map((_, i) => flow.left + widths.slice(0, i).reduce((s, w) => s + w, 0));

  const header = (): void => {
    const grouped = columns.some((c) => c.group);
    const titles = columns.map((c, i) => textCell(c.title, opts.bold, headerSize, widths[i] as number, 'center', pad));
    const groups: { label: string; from: number; to: number }[] = [];
    columns.forEach((c, i) => {
      const last = groups[groups.length - 1];
      if (c.group && last && last.label === c.group && last.to === i - 1) last.to = i;
      else if (c.group) groups.push({ label: c.group, from: i, to: i });
    });
    const groupCells = groups.map((g) => {
      const w = widths.slice(g.from, g.to + 1).reduce((s, v) => s + v, 0);
      return { ...g, w, cell: textCell(g.label, opts.bold, headerSize, w, 'center', pad) };
    });
    const top1 = grouped ? Math.max(...groupCells.map((g) => g.cell.height)) : 0;
    const titleH = Math.max(...titles.map((t, i) => (columns[i]?.group ? t.height : t.height - top1)), 0);
    const h = top1 + titleH;
    flow.ensure(h + size * 3);
    const top = flow.y;
    for (const g of groupCells) {
      const x = xs[g.from] as number;
      border(flow.page, x, top, g.w, top1);
      g.cell.draw(flow.page, x, top - (top1 - g.cell.height) / 2);
    }
    columns.forEach((c, i) => {
      const x = xs[i] as number;
      const w = widths[i] as number;
      const cell = titles[i] as Measured;
      const cellTop = c.group ? top - top1 : top;
      const cellH = c.group ? titleH : h;
      border(flow.page, x, cellTop, w, cellH);
      cell.draw(flow.page, x, cellTop - (cellH - cell.height) / 2);
    });
    flow.y -= h;
    if (opts.numbered) {
      const font = opts.italic ?? opts.font;
      const nh = headerSize * 1.25 + 2 * pad;
      columns.forEach((_, i) => {
        const x = xs[i] as number;
        const w = widths[i] as number;
        border(flow.page, x, flow.y, w, nh);
        textCell(`(${i + 1})`, font, headerSize, w, 'center', pad).draw(flow.page, x, flow.y);
      });
      flow.y -= nh;
    }
  };

  header();
  for (const row of rows) {
    const cells = columns.map((c, i) =>
      cellMeasure(row[i] ?? '', opts.font, size, widths[i] as number, c.align ?? 'left', pad),
    );
    const h = Math.max(opts.minRowHeight ?? 0, ...cells.map((c) => c.height));
    if (flow.y - h < flow.bottom) {
      flow.newPage();
      header();
    }
    const top = flow.y;
    cells.forEach((cell, i) => {
      const x = xs[i] as number;
      border(flow.page, x, top, widths[i] as number, h);
      cell.draw(flow.page, x, top);
    });
    flow.y -= h;
  }
}
