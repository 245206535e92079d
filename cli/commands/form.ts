import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { formKinds, formTitles, type FormKind } from '../../shared/contract/forms.js';
import { formRender } from '../../electron/services/forms/formRender.js';
import { formViewFromExport, formViewFromExports } from '../../electron/services/forms/fromExport.js';
import type { FormDossierView } from '../../electron/services/forms/model.js';
import { formSampleView } from '../../electron/services/forms/sample.js';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

// `motcua form <kind>`: renders one A4 form from a dossier export (or the built-in sample) to a
// PDF file, for printing through the OS dialog and for checking layouts without the UI.

function isKind(v: string | undefined): v is FormKind {
  return (formKinds as readonly string[]).includes(v ?? '');
}

async function viewLoad(path: string, kind: FormKind, cwd: string): Promise<FormDossierView> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new CliError(`cannot read --dossier ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`--dossier ${path} is not JSON: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ")}`);
  }
  try {
    if (Array.isArray(json)) {
      if (kind !== 'book') throw new CliError('a list of dossiers is accepted only for the tracking book (form book)');
      return formViewFromExports(json);
    }
    return formViewFromExport(json);
  } catch (err) {
    // A malformed export is bad input like a malformed option: one line, exit code 2.
    if (err instanceof AppError && err.code === 'validation-failed') throw new CliError(`${err.code}: ${err.message}`);
    throw err;
  }
}

/** What the chosen form needs from the dossier's events, when the export lacks it. */
function missingFor(kind: FormKind, view: FormDossierView): string | null {
  if (kind === '02' && !view.supplement) return 'no supplement-requested event: the request list is left blank';
  if (kind === '03' && !view.refusal) return 'no refused event: the reason is left blank';
  if (kind === '04' && !view.apology) return 'no apology-issued event: the reason and new date are left blank';
  return null;
}

export const command: CliCommand = {
  name: 'form',
  summary: 'Render an A4 one-stop form (01, 02, 03, 04, control, book) to PDF',
  usage:
    'motcua form <01|02|03|04|control|book> (--dossier <export.json> | --sample) --out <file.pdf> [--font-dir <dir>] [--json]\n' +
    '  --dossier  a dossier export { dossier, events } as the app writes it (for book: also a list of exports)\n' +
    '  --sample   the built-in sample dossier',
  async run(argv, io) {
    const { values, positionals } = cliArgs(
      argv,
      {
        dossier: { type: 'string' },
        sample: { type: 'boolean' },
        out: { type: 'string' },
        'font-dir': { type: 'string' },
        json: { type: 'boolean' },
      },
      true,
    );
    const [kind, ...extra] = positionals;
    if (!isKind(kind)) throw new CliError(`form kind must be one of ${formKinds.join(', ')}, got "${kind ?? ''}"`);
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
    if (Boolean(values.dossier) === Boolean(values.sample)) throw new CliError('give exactly one of --dossier <file> or --sample');
    const out = resolve(io.cwd, requireOption(values.out, 'out'));

    const view = values.dossier ? await viewLoad(values.dossier, kind, io.cwd) : formSampleView();
    const warning = values.dossier ? missingFor(kind, view) : null;
    if (warning) io.err(`motcua form: warning: ${warning}`);
    const fontDir = values['font-dir'] ? resolve(io.cwd, values['font-dir']) : undefined;
    const rendered = await formRender(kind, view, fontDir ? { fontDir } : {});
    try {
      await writeFile(out, rendered.bytes);
    } catch (err) {
      throw new CliError(`cannot write --out ${out}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const sha256 = createHash('sha256').update(rendered.bytes).digest('hex');
    const result = { kind, title: formTitles[kind], dossierCode: view.dossierCode, out, pages: rendered.pages, bytes: rendered.bytes.length, sha256 };
    io.out(
      values.json
        ? JSON.stringify(result)
        : `${result.title} (${kind}) – ${view.dossierCode}: ${out}, ${result.pages} trang, ${Math.round(result.bytes / 1024)} KB`,
    );
    return 0;
  },
};
