import type { FormFonts } from './fonts.js';
import type { Flow } from './layout.js';
import type { FormDossierView } from './model.js';

export function bookDraw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  flow.paragraph(view.dossierCode, fonts.regular);
}
