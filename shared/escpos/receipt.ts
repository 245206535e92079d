import { glyphWidth } from './glyphs.js';
import { printModeFor, type PrintMode, type PrinterProfile } from './profiles.js';
import { receiptEncode, type EncodeOptions } from './receiptEncode.js';
import { receiptLayout, textWrap, type ReceiptDoc, type ReceiptBlock } from './receiptLayout.js';
import type { ReceiptView } from './receiptView.js';

// Entry points used by the printer service, the CLI and the bench: a receipt or a test page,
// laid out for the profile's paper and encoded in the mode that keeps Vietnamese right.

export interface RenderOptions {
  mode?: PrintMode | 'auto';
  /** Paper width override from the settings (a 80 mm model loaded with 58 mm paper). */
  paperDots?: 384 | 576;
  /** "Liên 1: Lưu" / "Liên 2: Giao người nộp hồ sơ" when two copies are printed. */
  copyLabel?: string;
  /** QR encoder for models without GS ( k (see EncodeOptions). */
  qrMatrix?: EncodeOptions['qrMatrix'];
}

export interface Rendered {
  bytes: Uint8Array;
  mode: PrintMode;
  paperDots: number;
}

function profileFor(profile: PrinterProfile, options: RenderOptions): PrinterProfile {
  return options.paperDots ? { ...profile, paperDots: options.paperDots } : profile;
}

export function receiptRender(view: ReceiptView, profile: PrinterProfile, options: RenderOptions = {}): Rendered {
  const p = profileFor(profile, options);
  const mode = printModeFor(p, options.mode ?? 'auto');
  const doc = receiptLayout(view, p.paperDots, options.copyLabel ? { copyLabel: options.copyLabel } : {});
  return { bytes: receiptEncode(doc, p, mode, options.qrMatrix ? { qrMatrix: options.qrMatrix } : {}).bytes, mode, paperDots: p.paperDots };
}

export const testPagePangram = 'Chữ Việt: ă â đ ê ô ơ ư — à ả ã á ạ, Ằ Ẳ Ẵ Ắ Ặ, Ầ Ẩ Ẫ Ấ Ậ, Ề Ể Ễ Ế Ệ, Ừ Ử Ữ Ứ Ự, Ỳ Ỷ Ỹ Ý Ỵ';

/** A short page that shows whether the settings are right: profile, mode, every tone, a QR. */
export function testPageRender(profile: PrinterProfile, options: RenderOptions = {}): Rendered {
  const p = profileFor(profile, options);
  const mode = printModeFor(p, options.mode ?? 'auto');
  const columns = Math.floor(p.paperDots / glyphWidth);
  const text = (t: string, bold = false, align: 'left' | 'center' = 'left'): ReceiptBlock[] =>
    textWrap(t, columns).map((l) => ({ kind: 'text', text: l, align, bold, width: 1, height: 1 }));
  const doc: ReceiptDoc = {
    paperDots: p.paperDots,
    blocks: [
      { kind: 'text', text: 'IN THỬ', align: 'center', bold: true, width: 2, height: 2 },
      ...text(`Máy in: ${p.label}`),
      ...text(`Khổ giấy: ${p.paperDots === 576 ? '80' : '58'} mm (${p.paperDots} điểm), chế độ: ${mode}`),
      ...text(testPagePangram),
      { kind: 'feed', lines: 1 },
      { kind: 'qr', data: 'MOTCUA-IN-THU', moduleSize: 4, ec: 'M' },
      { kind: 'feed', lines: 1 },
      ...text('Quét được mã QR và đọc đúng mọi dấu là máy in đã sẵn sàng.', false, 'left'),
      { kind: 'feed', lines: 2 },
      { kind: 'cut' },
    ],
  };
  return { bytes: receiptEncode(doc, p, mode, options.qrMatrix ? { qrMatrix: options.qrMatrix } : {}).bytes, mode, paperDots: p.paperDots };
}
