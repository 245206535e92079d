import { otsuThreshold, histogram, type GreyRaster } from './raster.js';

// Page orientation without Tesseract OSD. OSD needs the legacy engine and `osd.traineddata`;
// the shipped Vietnamese model (4.0.0_best_int) is LSTM-only and no OSD data ships with the
// app (nothing may be fetched), so tesseract.js `detect()` cannot run. Two cheap measures on a
// ~150 dpi copy replace it:
//  1. Text lines make the row profile of a page alternate strongly between ink and gaps; a page
//     turned by 90° shows that pattern in its column profile instead.
//  2. In Vietnamese (and Latin) print, more ink sits above the x-height band (ascenders,
//     capitals, the tone and vowel marks) than below it (descenders and the dot of dấu nặng),
//     so an upside-down page has its heavier side under the band.

export type Turn = 0 | 90 | 180 | 270;

function profileContrast(profile: Float64Array): number {
  let mean = 0;
  for (const v of profile) mean += v;
  mean /= profile.length || 1;
  if (mean === 0) return 0;
  // Mean absolute difference between neighbours: high for alternating lines and gaps.
  let diff = 0;
  for (let i = 1; i < profile.length; i++) diff += Math.abs((profile[i] as number) - (profile[i - 1] as number));
  return diff / (profile.length * mean);
}

function inkMask(r: GreyRaster): Uint8Array {
  const cut = Math.min(otsuThreshold(histogram(r)), 160);
  const m = new Uint8Array(r.data.length);
  for (let i = 0; i < r.data.length; i++) m[i] = (r.data[i] as number) < cut ? 1 : 0;
  return m;
}

/**
 * Ink above minus ink below the x-height band, summed over the text lines of narrow vertical
 * strips (so that skew does not blur the band), divided by the ink counted.
 */
function uprightScore(mask: Uint8Array, width: number, height: number, strips: number): number {
  let above = 0;
  let below = 0;
  for (let s = 0; s < strips; s++) {
    const x0 = Math.floor((s * width) / strips);
    const x1 = Math.floor(((s + 1) * width) / strips);
    const rows = new Float64Array(height);
    for (let y = 0; y < height; y++) {
      let n = 0;
      for (let x = x0; x < x1; x++) n += mask[y * width + x] as number;
      rows[y] = n;
    }
    const [a, b] = bandInk(rows, Math.max(2, (x1 - x0) * 0.01));
    above += a;
    below += b;
  }
  const total = above + below;
  return total === 0 ? 0 : (above - below) / total;
}

function bandInk(rows: Float64Array, minInk: number): [number, number] {
  const height = rows.length;
  let above = 0;
  let below = 0;
  let y = 0;
  while (y < height) {
    if ((rows[y] as number) < minInk) {
      y++;
      continue;
    }
    const start = y;
    while (y < height && (rows[y] as number) >= minInk) y++;
    const end = y;
    let peak = 0;
    for (let i = start; i < end; i++) peak = Math.max(peak, rows[i] as number);
    // The x-height band: rows holding at least half of the line's densest row.
    let bandTop = -1;
    let bandBottom = -1;
    for (let i = start; i < end; i++) {
      if ((rows[i] as number) >= peak * 0.5) {
        if (bandTop < 0) bandTop = i;
        bandBottom = i;
      }
    }
    for (let i = start; i < bandTop; i++) above += rows[i] as number;
    for (let i = bandBottom + 1; i < end; i++) below += rows[i] as number;
  }
  return [above, below];
}

function transpose(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[x * height + y] = mask[y * width + x] as number;
  return out;
}

export interface OrientationGuess {
  /** Clockwise turn to apply to make the page upright. */
  turn: Turn;
  /** 0–1: how sure the heuristic is; below ~0.1 the page is left as it is. */
  confidence: number;
}

export function orientationDetect(r: GreyRaster): OrientationGuess {
  const mask = inkMask(r);
  // Profiles are taken over narrow strips so that a few degrees of skew do not smear them.
  const strips = 6;
  let rowC = 0;
  let colC = 0;
  for (let s = 0; s < strips; s++) {
    const x0 = Math.floor((s * r.width) / strips);
    const x1 = Math.floor(((s + 1) * r.width) / strips);
    const y0 = Math.floor((s * r.height) / strips);
    const y1 = Math.floor(((s + 1) * r.height) / strips);
    const rowP = new Float64Array(r.height);
    for (let y = 0; y < r.height; y++) for (let x = x0; x < x1; x++) rowP[y] = (rowP[y] as number) + (mask[y * r.width + x] as number);
    const colP = new Float64Array(r.width);
    for (let y = y0; y < y1; y++) for (let x = 0; x < r.width; x++) colP[x] = (colP[x] as number) + (mask[y * r.width + x] as number);
    rowC += profileContrast(rowP);
    colC += profileContrast(colP);
  }
  const sideways = colC > rowC * 1.15;
  // Bring the lines horizontal first: transposing is a turn plus a mirror, so the mirror is undone
  // by reading the rows in the right order in the up/down test below.
  const m = sideways ? transpose(mask, r.width, r.height) : mask;
  const w = sideways ? r.height : r.width;
  const h = sideways ? r.width : r.height;
  const score = uprightScore(m, w, h, strips);
  const confidence = Math.min(1, Math.abs(score) * 4);
  if (confidence < 0.1) return { turn: 0, confidence };
  if (!sideways) return { turn: score >= 0 ? 0 : 180, confidence };
  // Transposed, a page turned 90° clockwise reads upside down (fix: 270° clockwise), one turned
  // 270° reads upright (fix: 90°).
  return { turn: score >= 0 ? 90 : 270, confidence };
}

