// Small pure operations on 8-bit grey rasters (one byte a pixel, row-major). sharp does the
// heavy geometry (rotate, resize, encode) in libvips threads; these loops only scan the page
// once or twice and run in a few tens of milliseconds on a 300 dpi A4 page.

export interface GreyRaster {
  data: Uint8Array;
  width: number;
  height: number;
}

export function histogram(r: GreyRaster): Uint32Array {
  const h = new Uint32Array(256);
  for (let i = 0; i < r.data.length; i++) h[r.data[i] as number]! += 1;
  return h;
}

/** The grey value below which `fraction` of the pixels lie. */
export function percentile(h: Uint32Array, fraction: number): number {
  let total = 0;
  for (const n of h) total += n;
  const target = total * fraction;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += h[v] ?? 0;
    if (acc >= target) return v;
  }
  return 255;
}

/** Otsu's threshold: the cut that best separates ink from paper. */
export function otsuThreshold(h: Uint32Array): number {
  let total = 0;
  let sum = 0;
  for (let v = 0; v < 256; v++) {
    total += h[v] ?? 0;
    sum += v * (h[v] ?? 0);
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let cut = 128;
  for (let v = 0; v < 256; v++) {
    wB += h[v] ?? 0;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += v * (h[v] ?? 0);
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      cut = v;
    }
  }
  // Pixels darker than the returned value form the dark class.
  return cut + 1;
}

/**
 * Stretches levels so that the paper becomes pure white and the ink dark. Paper grain and
 * sensor noise then vanish, which is what makes the JPEG of a scanned page small and the OCR
 * steadier. `white` is taken from the lighter pixels, which on a document are the paper.
 */
export function levelsStretch(r: GreyRaster): GreyRaster {
  const h = histogram(r);
  // The black point is capped so that a blank sheet's grain is never stretched into "ink".
  const black = Math.min(percentile(h, 0.002), 100);
  const white = Math.max(black + 32, 128, percentile(h, 0.3) - 8);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - black) * 255) / (white - black))));
  const out = new Uint8Array(r.data.length);
  for (let i = 0; i < r.data.length; i++) out[i] = lut[r.data[i] as number] as number;
  return { data: out, width: r.width, height: r.height };
}

/** Fraction of pixels darker than `cut`. */
export function inkRatio(r: GreyRaster, cut: number): number {
  let ink = 0;
  for (let i = 0; i < r.data.length; i++) if ((r.data[i] as number) < cut) ink++;
  return r.data.length === 0 ? 0 : ink / r.data.length;
}

/**
 * Packs a grey raster into PDF 1-bit DeviceGray rows (most significant bit first, each row
 * padded to a whole byte, 1 = white, 0 = black) using threshold `cut`.
 */
export function bitsPack(r: GreyRaster, cut: number): Uint8Array {
  const rowBytes = (r.width + 7) >> 3;
  const out = new Uint8Array(rowBytes * r.height);
  for (let y = 0; y < r.height; y++) {
    const src = y * r.width;
    const dst = y * rowBytes;
    for (let xb = 0; xb < rowBytes; xb++) {
      let byte = 0;
      const x0 = xb << 3;
      for (let b = 0; b < 8; b++) {
        const x = x0 + b;
        // Padding bits are white so that a viewer never shows a dark stripe at the right edge.
        const white = x >= r.width || (r.data[src + x] as number) >= cut;
        byte = (byte << 1) | (white ? 1 : 0);
      }
      out[dst + xb] = byte;
    }
  }
  return out;
}

/** Rows and columns at the edges that are mostly dark: the scanner lid or an uncovered platen. */
export function darkBorders(r: GreyRaster, cut = 96): { left: number; top: number; right: number; bottom: number } {
  const rowDark = (y: number): boolean => {
    let dark = 0;
    for (let x = 0; x < r.width; x++) if ((r.data[y * r.width + x] as number) < cut) dark++;
    return dark > r.width * 0.6;
  };
  const colDark = (x: number): boolean => {
    let dark = 0;
    for (let y = 0; y < r.height; y++) if ((r.data[y * r.width + x] as number) < cut) dark++;
    return dark > r.height * 0.6;
  };
  const limitY = Math.floor(r.height / 4);
  const limitX = Math.floor(r.width / 4);
  let top = 0;
  while (top < limitY && rowDark(top)) top++;
  let bottom = 0;
  while (bottom < limitY && rowDark(r.height - 1 - bottom)) bottom++;
  let left = 0;
  while (left < limitX && colDark(left)) left++;
  let right = 0;
  while (right < limitX && colDark(r.width - 1 - right)) right++;
  return { left, top, right, bottom };
}

export function rasterCrop(r: GreyRaster, b: { left: number; top: number; right: number; bottom: number }): GreyRaster {
  const width = Math.max(1, r.width - b.left - b.right);
  const height = Math.max(1, r.height - b.top - b.bottom);
  if (width === r.width && height === r.height) return r;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (y + b.top) * r.width + b.left;
    data.set(r.data.subarray(from, from + width), y * width);
  }
  return { data, width, height };
}

/** Binary PGM (P5): Leptonica inside tesseract.js reads it with no decoding work. */
export function pgmEncode(r: GreyRaster): Buffer {
  const header = Buffer.from(`P5\n${r.width} ${r.height}\n255\n`, 'latin1');
  return Buffer.concat([header, r.data]);
}
