import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { formRenderArgsSchema, formRenderResultSchema } from '../../../shared/contract/forms.js';
import { formRender, type FormRenderOptions, type RenderedForm } from '../../services/forms/formRender.js';
import { formViewFromExport } from '../../services/forms/fromExport.js';
import type { FormDossierView, FormKind } from '../../services/forms/model.js';
import type { CallContext } from '../session.js';

// Handler of the forms contract. Typed from shared/contract/forms.ts directly so that it
// type-checks before the lead composes formCommands into commands.ts; the shape is exactly
// `Handler<'form:render'>` once composed. The PDF comes back as base64 for the renderer to show
// and print through the OS dialog; `keep` (the blob store) stores it with the dossier by hash.

type RenderArgs = z.output<typeof formRenderArgsSchema>;
type RenderResult = z.output<typeof formRenderResultSchema>;

export interface FormsHandlerDeps extends FormRenderOptions {
  /** Off-thread renderer (formRendererCreate().render); in-process formRender when absent. */
  render?: (kind: FormKind, view: FormDossierView) => Promise<RenderedForm>;
  /** Keeps the bytes with the dossier (content-addressed blob store); optional. */
  keep?: (bytes: Uint8Array, meta: { fileName: string; dossierCode: string; sha256: string }) => Promise<void>;
}

export function formsHandlers(deps: FormsHandlerDeps = {}): {
  'form:render': (args: RenderArgs, ctx: CallContext) => Promise<RenderResult>;
} {
  const { keep, render, ...renderOpts } = deps;
  const renderWith = render ?? ((kind: FormKind, view: FormDossierView) => formRender(kind, view, renderOpts));
  return {
    'form:render': async (args) => {
      const view = 'view' in args ? args.view : formViewFromExport(args.export);
      const rendered = await renderWith(args.kind, view);
      const sha256 = createHash('sha256').update(rendered.bytes).digest('hex');
      if (keep) await keep(rendered.bytes, { fileName: rendered.fileName, dossierCode: view.dossierCode, sha256 });
      return {
        kind: rendered.kind,
        fileName: rendered.fileName,
        pdfBase64: Buffer.from(rendered.bytes).toString('base64'),
        pages: rendered.pages,
        bytes: rendered.bytes.length,
        sha256,
      };
    },
  };
}
