import type { Align, QrEcLevel } from './commands.js';
import { glyphWidth } from './glyphs.js';
import { receiptMoneyFormat, receiptTimeFormat, type ReceiptView } from './receiptView.js';

// The short-form receipt as a list of printable blocks, already wrapped to the paper width.
// Encoders turn blocks into bytes per print mode; nothing here knows about bytes.

export interface TextLine {
  kind: 'text';
  text: string;
  align: Align;
  bold: boolean;
  width: 1 | 2;
  height: 1 | 2;
}

export type ReceiptBlock =
  | TextLine
  | { kind: 'qr'; data: string; moduleSize: number; ec: QrEcLevel }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' }
  | { kind: 'drawer' };

export interface ReceiptDoc {
  paperDots: number;
  blocks: ReceiptBlock[];
}

/** Greedy word wrap; a word longer than the line is split. Continuation lines get `indent`. */
export function textWrap(text: string, columns: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  const chars = (s: string) => Array.from(s).length;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = lines.length === 0 ? '' : indent;
    const candidate = line === '' ? prefix + word : `${line} ${word}`;
    if (chars(candidate) <= columns) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = indent + word;
    while (chars(rest) > columns) {
      const cut = Array.from(rest);
      lines.push(cut.slice(0, columns).join(''));
      rest = indent + cut.slice(columns).join('');
    }
    line = rest;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface ReceiptLayoutOptions {
  copyLabel?: string;
  drawer?: boolean;
  cut?: boolean;
}

export function receiptLayout(view: ReceiptView, paperDots: number, options: ReceiptLayoutOptions = {}): ReceiptDoc {
  const columns = Math.floor(paperDots / glyphWidth);
  const blocks: ReceiptBlock[] = [];
  const line = (text: string, style: Partial<Omit<TextLine, 'kind' | 'text'>> = {}) =>
    blocks.push({ kind: 'text', text, align: style.align ?? 'left', bold: style.bold ?? false, width: style.width ?? 1, height: style.height ?? 1 });
  const centered = (text: string, style: Partial<Omit<TextLine, 'kind' | 'text'>> = {}) => {
    const w = style.width ?? 1;
    for (const l of textWrap(text, Math.floor(columns / w))) line(l, { ...style, align: 'center' });
  };
  const field = (label: string, value: string, bold = false) => {
    for (const l of textWrap(`${label}: ${value}`, columns, '  ')) line(l, { bold });
  };
  const rule = () => line('-'.repeat(columns));

  if (view.parentAgency) centered(view.parentAgency.toUpperCase());
  centered(view.unitName.toUpperCase(), { bold: true });
  rule();
  // Title double width only where it fits in one line per half (80 mm); 58 mm uses tall letters.
  const titleWidth = columns >= 40 ? 2 : 1;
  centered('GIẤY TIẾP NHẬN HỒ SƠ', { bold: true, width: titleWidth, height: 2 });
  centered('VÀ HẸN TRẢ KẾT QUẢ', { bold: true, width: titleWidth, height: 2 });
  if (options.copyLabel) centered(`(${options.copyLabel})`);
  // The QR needs a quiet zone of four modules around it for phone scanners: blank lines.
  blocks.push({ kind: 'feed', lines: 1 });
  blocks.push({ kind: 'qr', data: view.dossierCode, moduleSize: columns >= 40 ? 6 : 5, ec: 'M' });
  blocks.push({ kind: 'feed', lines: 1 });
  centered(`Mã hồ sơ: ${view.dossierCode}`, { bold: true });
  rule();
  field('Thủ tục', view.procedureCode ? `${view.procedureName} (${view.procedureCode})` : view.procedureName);
  field('Người nộp', view.applicantName);
  field('Tiếp nhận lúc', receiptTimeFormat(view.receivedAt));
  field('Hẹn trả kết quả', receiptTimeFormat(view.dueAt), true);
  field('Thành phần hồ sơ', `${view.componentCount} giấy tờ, ${String(view.setCount).padStart(2, '0')} bộ`);
  if (view.fees.length === 0) field('Phí, lệ phí', 'Không thu');
  for (const fee of view.fees) field(fee.label, receiptMoneyFormat(fee.amount));
  if (view.fees.length > 1) field('Tổng cộng', receiptMoneyFormat(view.fees.reduce((s, f) => s + f.amount, 0)), true);
  if (view.delivery === 'postal') {
    field('Nhận kết quả', 'qua dịch vụ bưu chính công ích');
    if (view.postalAddress) field('Địa chỉ nhận', view.postalAddress);
    field('Đồng ý chuyển phát', view.postalConsent ? 'Có' : 'Không');
  } else {
    field('Nhận kết quả', 'tại Bộ phận Một cửa');
  }
  if (view.receiverName) field('Người tiếp nhận', view.receiverName);
  rule();
  for (const l of textWrap(view.lookupHint, columns)) line(l);
  blocks.push({ kind: 'feed', lines: 2 });
  if (options.drawer) blocks.push({ kind: 'drawer' });
  if (options.cut ?? true) blocks.push({ kind: 'cut' });
  return { paperDots, blocks };
}
