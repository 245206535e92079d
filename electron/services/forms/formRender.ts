import { PDFDocument } from 'pdf-lib';
import { bookDraw } from './book.js';
import { controlDraw } from './control.js';
import { formFontsEmbed, type FormFonts } from './fonts.js';
import { formNumberDraw } from './header.js';
import { a4Landscape, a4Portrait, Flow, mm } from './layout.js';
import { mau01Draw } from './mau01.js';
import { mau02Draw } from './mau02.js';
import { mau03Draw } from './mau03.js';
import { mau04Draw } from './mau04.js';
import { formTitles, type FormDossierView, type FormKind } from './model.js';

// Renders one of the A4 forms to PDF bytes. Margins follow Decree 30/2020/NĐ-CP for
// administrative documents (top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm); the tracking
// book is a landscape register page. Output is deterministic for a given view and date, so a
// re-print is byte-identical and can be deduplicated by hash in the blob store.

export interface FormRenderOptions {
  /** Folder with the Noto Serif TTFs (a packaged app passes its resources path). */
  fontDir?: string;
  /** Used when the view carries no printedAt. */
  now?: () => Date;
}

export interface RenderedForm {
  kind: FormKind;
  bytes: Uint8Array;
  pages: number;
  fileName: string;
}

type Draw = (flow: Flow, fonts: FormFonts, view: FormDossierView) => void;

const drawers: Record<FormKind, Draw> = {
  '01': mau01Draw,
  '02': mau02Draw,
  '03': mau03Draw,
  '04': mau04Draw,
  control: controlDraw,
  book: bookDraw,
};

const portraitMargins = { top: mm(20), right: mm(15), bottom: mm(18), left: mm(30) };
const landscapeMargins = { top: mm(15), right: mm(12), bottom: mm(15), left: mm(20) };

export async function formRender(kind: FormKind, view: FormDossierView, opts: FormRenderOptions = {}): Promise<RenderedForm> {
  const printedAt = view.printedAt ?? (opts.now ?? (() => new Date()))().toISOString();
  const withDate: FormDossierView = { ...view, printedAt };
  const doc = await PDFDocument.create();
  const fonts = await formFontsEmbed(doc, opts.fontDir);
  const landscape = kind === 'book';
  const flow = new Flow(doc, landscape ? a4Landscape : a4Portrait, landscape ? landscapeMargins : portraitMargins);
  drawers[kind](flow, fonts, withDate);
  formNumberDraw(flow, fonts, kind, withDate);

  const when = new Date(printedAt);
  doc.setTitle(`${formTitles[kind]} - ${view.dossierCode}`, { showInWindowTitleBar: true });
  doc.setAuthor(view.agency.unitName);
  doc.setSubject(view.procedure.name);
  doc.setKeywords([view.dossierCode, view.agency.agencyCode].filter(Boolean));
  doc.setCreator('MộtCửa');
  doc.setProducer('MộtCửa (pdf-lib)');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const bytes = await doc.save();
  return { kind, bytes, pages: doc.getPageCount(), fileName: formFileName(kind, view.dossierCode) };
}

/** "mau01_000.12.31.H29-261130-0007.pdf": safe on Windows, sorts by form then code. */
export function formFileName(kind: FormKind, dossierCode: string): string {
  const stem = kind === 'control' ? 'phieu-kiem-soat' : kind === 'book' ? 'so-theo-doi' : `mau${kind}`;
  return `${stem}_${dossierCode.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf`;
}
