import sharp from 'sharp';
import type { ColorMode } from '../types.js';

// Deterministic test pages: an A4-proportioned white sheet with a border, a grid of text-like
// bars and the page number written as black blocks (binary, top right), so tests can tell pages
// apart and OCR/imaging code has edges to work on. Same input, same bytes.

export interface PageImageSpec {
  index: number;
  dpi: number;
  colorMode: ColorMode;
  format: 'png' | 'jpeg';
  widthMm?: number;
  heightMm?: number;
}

export interface PageImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

export async function pageImageRender(spec: PageImageSpec): Promise<PageImage> {
  const width = Math.max(16, Math.round(((spec.widthMm ?? 210) / 25.4) * spec.dpi));
  const height = Math.max(16, Math.round(((spec.heightMm ?? 297) / 25.4) * spec.dpi));
  const channels = spec.colorMode === 'color' ? 3 : 1;
  const px = Buffer.alloc(width * height * channels, 255);
  const unit = Math.max(2, Math.round(spec.dpi / 25)); // about 1 mm
  const fill = (x0: number, y0: number, w: number, h: number, rgb: readonly [number, number, number]): void => {
    for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
        const at = (y * width + x) * channels;
        if (channels === 1) px[at] = Math.round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
        else px.set(rgb, at);
      }
    }
  };
  const black = [0, 0, 0] as const;
  const margin = unit * 10;
  fill(margin, margin, width - 2 * margin, unit, black);
  fill(margin, height - margin - unit, width - 2 * margin, unit, black);
  fill(margin, margin, unit, height - 2 * margin, black);
  fill(width - margin - unit, margin, unit, height - 2 * margin, black);
  // Text-like lines whose lengths vary with the page index.
  for (let line = 0; line < 30; line++) {
    const y = margin + unit * 20 + line * unit * 8;
    const len = ((line * 37 + spec.index * 53) % 60) + 40;
    fill(margin + unit * 8, y, Math.round(((width - 2 * margin - unit * 16) * len) / 100), unit * 3, black);
  }
  // Page number in binary, 8 bits, top right; red stamp in colour mode.
  for (let bit = 0; bit < 8; bit++) {
    if (((spec.index + 1) >> bit) & 1) fill(width - margin - unit * (8 + bit * 5), margin + unit * 4, unit * 4, unit * 8, black);
  }
  if (spec.colorMode === 'color') fill(margin + unit * 6, margin + unit * 4, unit * 12, unit * 12, [200, 20, 20]);
  let image = sharp(px, { raw: { width, height, channels } }).withMetadata({ density: spec.dpi });
  if (spec.colorMode === 'bw') image = image.threshold(128);
  const out = spec.format === 'png' ? image.png({ compressionLevel: 6 }) : image.jpeg({ quality: 85 });
  const bytes = new Uint8Array(await out.toBuffer());
  return { bytes, width, height };
}
