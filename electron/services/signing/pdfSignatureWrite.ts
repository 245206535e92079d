import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
} from '@cantoo/pdf-lib';
import { AppError } from '../../../shared/contract/errors.js';
import { appearanceCreate, stampSize, type StampText } from './appearance.js';

// A PDF signature appended as an incremental update (ISO 32000-1 §7.5.6), so that every earlier
// signature keeps covering exactly the bytes it signed. @cantoo/pdf-lib parses the original and
// writes only the new and changed objects (signature dictionary, widget, page, AcroForm) with a
// classic xref section whose /Prev points at the previous one. The /Contents hole is fixed-size.

/** Bytes reserved for the CMS (hex doubles it): room for a 4096-bit chain and a timestamp token. */
export const contentsReserve = 16_384;

export interface VisiblePlacement {
  /** 1-based page number. */
  page: number;
  /**
   * Lower-left corner in PDF points from the page's lower-left. Absent: the top-right corner,
   * where Decree 30/2020 (Appendix I) puts the agency's signature on copies and attachments.
   */
  x?: number | undefined;
  y?: number | undefined;
}

const stampMargin = 20;

function stampRect(page: { getWidth(): number; getHeight(): number }, placement: VisiblePlacement): number[] {
  const x = placement.x ?? Math.max(0, page.getWidth() - stampSize.width - stampMargin);
  const y = placement.y ?? Math.max(0, page.getHeight() - stampSize.height - stampMargin);
  return [x, y, x + stampSize.width, y + stampSize.height];
}

export interface SignatureDictInput {
  signedAt: Date;
  signerName: string;
  reason?: string | undefined;
  location?: string | undefined;
  visible?: { placement: VisiblePlacement; text: StampText; fontPath?: string | undefined } | undefined;
}

export interface PreparedPdf {
  bytes: Uint8Array;
  /** [start1, length1, start2, length2]: everything except the /Contents hex string. */
  byteRange: [number, number, number, number];
  contentsStart: number;
  contentsEnd: number;
}

async function pdfLoad(original: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(original, { forIncrementalUpdate: true, updateMetadata: false, ignoreEncryption: false });
  } catch (err) {
    throw new AppError('validation-failed', `Không đọc được tệp PDF: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function markForSave(doc: PDFDocument, ref: PDFRef): void {
  const snapshot = doc.context.snapshot;
  if (!snapshot) throw new AppError('internal', 'PDF không được mở ở chế độ cập nhật tăng dần');
  snapshot.markRefForSave(ref);
}

/** Adds `item` to the array at dict[key], saving whichever object actually holds the array. */
function arrayAppend(doc: PDFDocument, dict: PDFDict, owner: PDFRef, key: string, item: PDFRef): void {
  const raw = dict.get(PDFName.of(key));
  if (raw instanceof PDFRef) {
    const arr = doc.context.lookup(raw);
    if (arr instanceof PDFArray) {
      arr.push(item);
      markForSave(doc, raw);
      return;
    }
  }
  if (raw instanceof PDFArray) raw.push(item);
  else dict.set(PDFName.of(key), doc.context.obj([item]));
  markForSave(doc, owner);
}

function acroFormOf(doc: PDFDocument): { form: PDFDict; owner: PDFRef } {
  const rootRef = doc.context.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef)) throw new AppError('validation-failed', 'PDF không có /Root gián tiếp');
  const raw = doc.catalog.get(PDFName.of('AcroForm'));
  if (raw instanceof PDFRef) {
    const form = doc.context.lookup(raw);
    if (form instanceof PDFDict) return { form, owner: raw };
  }
  if (raw instanceof PDFDict) return { form: raw, owner: rootRef };
  const formRef = doc.context.register(doc.context.obj({ Fields: [] }));
  doc.catalog.set(PDFName.of('AcroForm'), formRef);
  markForSave(doc, rootRef);
  return { form: doc.context.lookup(formRef, PDFDict), owner: formRef };
}

function fieldNameUnique(form: PDFDict): string {
  const names = new Set<string>();
  const fields = form.lookupMaybe(PDFName.of('Fields'), PDFArray);
  for (let i = 0; fields && i < fields.size(); i++) {
    const field = fields.lookupMaybe(i, PDFDict);
    const t = field?.get(PDFName.of('T'));
    if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText());
  }
  let n = names.size + 1;
  while (names.has(`Signature${n}`)) n++;
  return `Signature${n}`;
}

/** Appends the signature objects with an empty /Contents and a /ByteRange still to fill. */
export async function pdfSignaturePrepare(original: Uint8Array, input: SignatureDictInput): Promise<PreparedPdf> {
  const doc = await pdfLoad(original);
  if (doc.isEncrypted) throw new AppError('validation-failed', 'Không ký được tệp PDF đã mã hóa');
  const pages = doc.getPages();
  const pageNo = input.visible?.placement.page ?? 1;
  const page = pages[pageNo - 1];
  if (!page) throw new AppError('validation-failed', `Trang ${pageNo} không có (tệp có ${pages.length} trang)`);

  const sigDict = doc.context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: [0, PDFName.of('**********'), PDFName.of('**********'), PDFName.of('**********')],
    Contents: PDFHexString.of('0'.repeat(contentsReserve * 2)),
    M: PDFString.fromDate(input.signedAt),
    Name: PDFHexString.fromText(input.signerName),
  });
  if (input.reason) sigDict.set(PDFName.of('Reason'), PDFHexString.fromText(input.reason));
  if (input.location) sigDict.set(PDFName.of('Location'), PDFHexString.fromText(input.location));
  const sigRef = doc.context.register(sigDict);

  const { form, owner } = acroFormOf(doc);
  const rect = input.visible
    ? stampRect(page, input.visible.placement)
    : [0, 0, 0, 0];
  const widget = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: rect,
    V: sigRef,
    T: PDFHexString.fromText(fieldNameUnique(form)),
    F: 132, // Print + Locked
    P: page.ref,
  });
  if (input.visible) widget.set(PDFName.of('AP'), doc.context.obj({ N: await appearanceCreate(doc, input.visible.text, input.visible.fontPath) }));
  const widgetRef = doc.context.register(widget);

  arrayAppend(doc, page.node, page.ref, 'Annots', widgetRef);
  arrayAppend(doc, form, owner, 'Fields', widgetRef);
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3)); // SignaturesExist | AppendOnly
  markForSave(doc, owner);

  const snapshot = doc.context.snapshot;
  if (!snapshot) throw new AppError('internal', 'PDF không được mở ở chế độ cập nhật tăng dần');
  // Object streams would compress the signature dictionary and hide the /Contents hole.
  const update = await doc.saveIncremental(snapshot, { useObjectStreams: false });
  const bytes = new Uint8Array(original.length + update.length);
  bytes.set(original);
  bytes.set(update, original.length);
  return placeholderLocate(bytes, original.length);
}

function placeholderLocate(bytes: Uint8Array, from: number): PreparedPdf {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const hole = `<${'0'.repeat(contentsReserve * 2)}>`;
  const contentsStart = text.indexOf(hole, from);
  const markerRe = /\[\s*0\s+\/\*{10}\s+\/\*{10}\s+\/\*{10}\s*\]/g;
  markerRe.lastIndex = from;
  const marker = markerRe.exec(text);
  if (contentsStart < 0 || !marker) throw new AppError('internal', 'Không tìm thấy chỗ dành cho chữ ký trong PDF');
  const contentsEnd = contentsStart + hole.length;
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  const value = `[0 ${byteRange[1]} ${byteRange[2]} ${byteRange[3]}]`;
  if (value.length > marker[0].length) throw new AppError('internal', 'ByteRange vượt chỗ dành sẵn');
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(value.padEnd(marker[0].length, ' '), marker.index, 'latin1');
  return { bytes, byteRange, contentsStart, contentsEnd };
}

/** The bytes the signature covers: both ranges of /ByteRange, concatenated. */
export function byteRangeData(bytes: Uint8Array, range: readonly number[]): Uint8Array {
  const [a = 0, b = 0, c = 0, d = 0] = range;
  const out = new Uint8Array(b + d);
  out.set(bytes.subarray(a, a + b));
  out.set(bytes.subarray(c, c + d), b);
  return out;
}

/** Writes the CMS into the /Contents hole (hex, zero-padded). */
export function pdfContentsFill(prepared: PreparedPdf, cms: Uint8Array): Uint8Array {
  const capacity = (prepared.contentsEnd - prepared.contentsStart - 2) / 2;
  if (cms.length > capacity) {
    throw new AppError('internal', `Chữ ký dài ${cms.length} byte, vượt chỗ dành sẵn ${capacity} byte`);
  }
  const hex = Buffer.from(cms).toString('hex').padEnd(capacity * 2, '0');
  const out = new Uint8Array(prepared.bytes);
  Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(hex, prepared.contentsStart + 1, 'latin1');
  return out;
}
