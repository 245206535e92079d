// Rasterises TrueType outlines into small 1-bit cells without a browser or canvas: the outline
// is flattened into line segments, then filled with a non-zero winding scanline on a
// supersampled grid and thresholded by coverage. Used at build time only (glyphTableBuild.ts);
// the app and tests use the committed table in shared/escpos/glyphTable.ts.

export type Point = readonly [number, number];

/** A path recorder with the canvas-like interface that fontkit's `path.toFunction()` drives. */
export class PathFlattener {
  readonly contours: Point[][] = [];
  private current: Point[] = [];
  private at: Point = [0, 0];

  constructor(private readonly steps = 8) {}

  moveTo(x: number, y: number): void {
    this.flush();
    this.at = [x, y];
    this.current = [this.at];
  }

  lineTo(x: number, y: number): void {
    this.at = [x, y];
    this.current.push(this.at);
  }

  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    const [x0, y0] = this.at;
    for (let i = 1; i <= this.steps; i++) {
      const t = i / this.steps;
      const u = 1 - t;
      this.current.push([u * u * x0 + 2 * u * t * cx + t * t * x, u * u * y0 + 2 * u * t * cy + t * t * y]);
    }
    this.at = [x, y];
  }

  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void {
    const [x0, y0] = this.at;
    for (let i = 1; i <= this.steps; i++) {
      const t = i / this.steps;
      const u = 1 - t;
      const a = u * u * u;
      const b = 3 * u * u * t;
      const c = 3 * u * t * t;
      const d = t * t * t;
      this.current.push([a * x0 + b * c1x + c * c2x + d * x, a * y0 + b * c1y + c * c2y + d * y]);
    }
    this.at = [x, y];
  }

  closePath(): void {
    this.flush();
  }

  private flush(): void {
    if (this.current.length > 2) this.contours.push(this.current);
    this.current = [];
  }

  finish(): Point[][] {
    this.flush();
    return this.contours;
  }
}

export interface CellGeometry {
  width: number;
  height: number;
  /** Font units → pixels, horizontally and vertically (cells may be squeezed vertically). */
  scaleX: number;
  scaleY: number;
  /** Pixel offset of the glyph origin from the cell's left edge, and of the baseline from the top. */
  originX: number;
  baseline: number;
  supersample: number;
  /** Share of subsamples that must be inside for a dot to print. */
  threshold: number;
}

/**
 * Fills contours (font units, y up) into a width×height cell, row-major, 1 = black.
 * Non-zero winding: a subsample is inside when the signed crossings to its left do not cancel.
 */
export function contoursFill(contours: Point[][], g: CellGeometry): Uint8Array {
  const ss = g.supersample;
  const cover = new Float32Array(g.width * g.height);
  const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
  for (const contour of contours) {
    for (let i = 0; i < contour.length; i++) {
      const a = contour[i]!;
      const b = contour[(i + 1) % contour.length]!;
      const x0 = (a[0] * g.scaleX + g.originX) * ss;
      const y0 = (g.baseline - a[1] * g.scaleY) * ss;
      const x1 = (b[0] * g.scaleX + g.originX) * ss;
      const y1 = (g.baseline - b[1] * g.scaleY) * ss;
      if (y0 === y1) continue;
      edges.push(y0 < y1 ? { x0, y0, x1, y1, dir: 1 } : { x0: x1, y0: y1, x1: x0, y1: y0, dir: -1 });
    }
  }
  const rows = g.height * ss;
  const cols = g.width * ss;
  for (let sy = 0; sy < rows; sy++) {
    const y = sy + 0.5;
    const hits: { x: number; dir: number }[] = [];
    for (const e of edges) {
      if (y < e.y0 || y >= e.y1) continue;
      hits.push({ x: e.x0 + ((y - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
    }
    hits.sort((p, q) => p.x - q.x);
    let winding = 0;
    for (let h = 0; h < hits.length - 1; h++) {
      winding += hits[h]!.dir;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(hits[h]!.x - 0.5));
      const to = Math.min(cols - 1, Math.floor(hits[h + 1]!.x - 0.5));
      for (let sx = from; sx <= to; sx++) {
        const idx = Math.floor(sy / ss) * g.width + Math.floor(sx / ss);
        cover[idx] = (cover[idx] ?? 0) + 1;
      }
    }
  }
  const out = new Uint8Array(g.width * g.height);
  const need = g.threshold * ss * ss;
  for (let i = 0; i < out.length; i++) out[i] = (cover[i] ?? 0) >= need ? 1 : 0;
  return out;
}
