import {
  concatTransformationMatrix,
  drawObject,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  popGraphicsState,
  pushGraphicsState,
  type PDFRef,
} from 'pdf-lib';
import type { PageEncoding } from '../imaging/pageNormalise.js';

// A searchable PDF: each page is the scanned image with Tesseract's text-only PDF page drawn
// over it. Tesseract writes every word in text render mode 3 (invisible) with its GlyphLessFont
// and a ToUnicode map, scaled to the word's box, so `pdftotext` reads back the exact Vietnamese
// text, diacritics included, and selection lines up with the image. Drawing the words
// ourselves with a Noto subset would add ~100 KB of font a file for no gain in extraction.
//
// Images are never passed through pdf-lib's embedPng (it re-encodes to 8-bit RGB): grey pages
// are JPEG streams (DCTDecode, DeviceGray), bilevel pages 1-bit CCITT G4 (or Flate) streams
// written by hand.

export interface PdfPageInput {
  width: number;
  height: number;
  dpi: number;
  encoding: PageEncoding;
  /** Tesseract's text-only PDF for this page, or null for an image-only page. */
  textLayer: Uint8Array | null;
  sha256: string;
}

export interface PdfMetadata {
  dossierCode: string;
  componentCode: string;
  device: string;
  operator: string;
  createdAt: Date;
  lang: string;
}

async function imageXObject(doc: PDFDocument, p: PdfPageInput): Promise<PDFRef> {
  if (p.encoding.kind === 'jpeg') return (await doc.embedJpg(p.encoding.bytes)).ref;
  const common = { Type: 'XObject', Subtype: 'Image', Width: p.width, Height: p.height, BitsPerComponent: 1, ColorSpace: 'DeviceGray' };
  const stream =
    p.encoding.kind === 'ccitt-g4'
      ? doc.context.stream(p.encoding.bytes, {
          ...common,
          Filter: 'CCITTFaxDecode',
          DecodeParms: { K: -1, Columns: p.width, Rows: p.height, BlackIs1: true },
        })
      : doc.context.stream(p.encoding.bytes, { ...common, Filter: 'FlateDecode' });
  return doc.context.register(stream);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmpPacket(meta: PdfMetadata, title: string, pages: PdfPageInput[]): string {
  const iso = meta.createdAt.toISOString();
  const hashes = pages.map((p) => `<rdf:li>${p.sha256}</rdf:li>`).join('');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:mc="urn:motcua:scan:1.0/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${xmlEscape(meta.operator)}</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>${xmlEscape(meta.lang)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>${iso}</xmp:CreateDate><xmp:CreatorTool>MộtCửa</xmp:CreatorTool>
<pdf:Producer>MộtCửa (pdf-lib, tesseract.js)</pdf:Producer>
<mc:dossierCode>${xmlEscape(meta.dossierCode)}</mc:dossierCode>
<mc:componentCode>${xmlEscape(meta.componentCode)}</mc:componentCode>
<mc:pages>${pages.length}</mc:pages><mc:dpi>${pages[0]?.dpi ?? 0}</mc:dpi>
<mc:device>${xmlEscape(meta.device)}</mc:device><mc:operator>${xmlEscape(meta.operator)}</mc:operator>
<mc:pageImageSha256><rdf:Seq>${hashes}</rdf:Seq></mc:pageImageSha256>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Builds the searchable PDF of one dossier component (thành phần hồ sơ). */
export async function searchablePdfBuild(pages: PdfPageInput[], meta: PdfMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const p of pages) {
    const w = (p.width * 72) / p.dpi;
    const h = (p.height * 72) / p.dpi;
    const page = doc.addPage([w, h]);
    const name = page.node.newXObject('Im', await imageXObject(doc, p));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, 0, 0), drawObject(name), popGraphicsState());
    if (p.textLayer) {
      const [layer] = await doc.embedPdf(p.textLayer, [0]);
      if (layer) page.drawPage(layer, { x: 0, y: 0, width: w, height: h });
    }
  }
  const title = `Hồ sơ ${meta.dossierCode} – thành phần ${meta.componentCode}`;
  doc.setTitle(title);
  doc.setAuthor(meta.operator);
  doc.setSubject(`Bản số hóa thành phần hồ sơ ${meta.componentCode}`);
  doc.setKeywords([meta.dossierCode, meta.componentCode, 'số hóa']);
  doc.setCreator('MộtCửa');
  doc.setProducer('MộtCửa (pdf-lib, tesseract.js)');
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  {
    const set = (k: string, v: string): void => info.set(PDFName.of(k), PDFHexString.fromText(v));
    set('MotCuaDossierCode', meta.dossierCode);
    set('MotCuaComponentCode', meta.componentCode);
    set('MotCuaDevice', meta.device);
    set('MotCuaOperator', meta.operator);
    set('MotCuaPageImageSha256', pages.map((p) => p.sha256).join(' '));
    info.set(PDFName.of('MotCuaPages'), PDFNumber.of(pages.length));
    info.set(PDFName.of('MotCuaDpi'), PDFNumber.of(pages[0]?.dpi ?? 0));
  }
  const xmp = doc.context.stream(new TextEncoder().encode(xmpPacket(meta, title, pages)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  doc.catalog.set(PDFName.of('Lang'), PDFHexString.fromText(meta.lang === 'vie' ? 'vi-VN' : meta.lang));
  return doc.save({ useObjectStreams: true });
}
