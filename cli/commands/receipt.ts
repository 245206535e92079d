import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { escposDecode } from '../../shared/escpos/decoder.js';
import { printModes, printerProfileFind, printerProfiles, type PrintMode } from '../../shared/escpos/profiles.js';
import { receiptRender } from '../../shared/escpos/receipt.js';
import { receiptSample, receiptViewFromExport, type ReceiptView } from '../../shared/escpos/receiptView.js';
import { printerTargetParse } from '../../shared/escpos/target.js';
import { printerSend } from '../../electron/services/printer/printerSend.js';
import { qrMatrix } from '../../electron/services/printer/qrMatrix.js';
import { wireSeconds } from '../../electron/services/printer/printerService.js';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

export const command: CliCommand = {
  name: 'receipt',
  summary: 'Print the dossier receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) on an ESC/POS printer',
  usage:
    'motcua receipt (--dossier <export.json> | --sample) --printer serial:<path>?baud=<n> | tcp:<host>:<port> | spool:<name> | file:<path>\n' +
    '               [--profile <name>] [--mode auto|text|glyph|mixed|raster] [--unit <name>] [--png <preview.png>] [--no-status] [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, {
      dossier: { type: 'string' },
      sample: { type: 'boolean' },
      printer: { type: 'string' },
      profile: { type: 'string', default: 'xprinter-80' },
      mode: { type: 'string', default: 'auto' },
      unit: { type: 'string' },
      png: { type: 'string' },
      'no-status': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (!values.sample === !values.dossier) throw new CliError('give exactly one of --dossier <file> or --sample');
    const target = printerTargetParseCli(requireOption(values.printer, 'printer'));
    const profile = printerProfileFind(values.profile);
    if (!profile) throw new CliError(`unknown --profile "${values.profile}" (one of ${printerProfiles.map((p) => p.name).join(', ')})`);
    if (values.mode !== 'auto' && !(printModes as readonly string[]).includes(values.mode)) throw new CliError(`--mode must be auto or one of ${printModes.join(', ')}`);
    let view: ReceiptView = receiptSample;
    if (values.dossier) {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(resolve(io.cwd, values.dossier), 'utf8'));
      } catch (err) {
        throw new CliError(`cannot read --dossier ${values.dossier}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
      view = receiptViewFromExport(json, values.unit ? { unitName: values.unit } : {});
    }
    let rendered;
    try {
      rendered = receiptRender(view, profile, { mode: values.mode as PrintMode | 'auto', qrMatrix });
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err));
    }
    await printerSend(target.parsed, target.text, rendered.bytes, { statusCheck: !values['no-status'] });
    if (values.png) {
      // pngjs is a dev dependency: loaded only for the preview.
      const { paperPng } = await import('../../electron/services/printer/paperImage.js');
      const paper = escposDecode(rendered.bytes, { paperDots: rendered.paperDots, cp1258Page: profile.cp1258Page, qrRender: qrMatrix });
      await writeFile(resolve(io.cwd, values.png), paperPng(paper.sheet));
    }
    const result = { bytes: rendered.bytes.length, mode: rendered.mode, profile: profile.name, dossierCode: view.dossierCode, wireSeconds: wireSeconds(target.text, rendered.bytes.length) };
    io.out(values.json ? JSON.stringify(result) : `Đã gửi ${result.bytes} byte (chế độ ${result.mode}) tới ${target.text}${result.wireSeconds !== null ? `, ${result.wireSeconds.toFixed(2)} s trên dây` : ''}`);
    return 0;
  },
};

function printerTargetParseCli(text: string) {
  try {
    return { text, parsed: printerTargetParse(text) };
  } catch (err) {
    throw new CliError(`bad --printer: ${err instanceof Error ? err.message : String(err)}`);
  }
}
