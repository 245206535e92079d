import { resolve } from 'node:path';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliCommand, type CliIo } from '../command.js';

// `motcua sign`: the same PAdES signer as the app's sign:documents. Secrets come from
// environment variables named on the command line, never from argv (argv shows in `ps`).

function secretFromEnv(io: CliIo, variable: string | undefined, option: string): string {
  const name = requireOption(variable, option);
  const value = io.env[name];
  if (value === undefined || value === '') throw new CliError(`environment variable ${name} (from --${option}) is empty`);
  return value;
}

function visibleParse(value: string | undefined): { page: number; x?: number; y?: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(?:,(\d+(?:\.\d+)?),(\d+(?:\.\d+)?))?$/.exec(value);
  if (!m) throw new CliError(`--visible must be <page>[,<x>,<y>] (points from the lower-left), got "${value}"`);
  const page = Number(m[1]);
  if (page < 1) throw new CliError('--visible page starts at 1');
  // Without x,y: the top-right corner of the page (Decree 30/2020 for copies and attachments).
  return m[2] === undefined ? { page } : { page, x: Number(m[2]), y: Number(m[3]) };
}

export const command: CliCommand = {
  name: 'sign',
  summary: 'Sign a PDF (PAdES B-B, or B-T with --tsa) with a .p12 file or a PKCS#11 token',
  usage:
    'motcua sign <in.pdf> --out <out.pdf> (--p12 <file> --pass-env <VAR> | --pkcs11 <library> [--token <label>] --pin-env <VAR>) [--visible <page>[,<x>,<y>]] [--tsa <url>] [--reason <text>] [--unit <name>] [--queue <dir>] [--json]',
  async run(argv, io) {
    const { values, positionals } = cliArgs(
      argv,
      {
        out: { type: 'string' },
        p12: { type: 'string' },
        'pass-env': { type: 'string' },
        pkcs11: { type: 'string' },
        token: { type: 'string' },
        'pin-env': { type: 'string' },
        visible: { type: 'string' },
        tsa: { type: 'string' },
        reason: { type: 'string' },
        unit: { type: 'string' },
        queue: { type: 'string' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length !== 1) throw new CliError('give exactly one input PDF');
    const input = resolve(io.cwd, positionals[0] ?? '');
    const output = resolve(io.cwd, requireOption(values.out, 'out'));
    if ((values.p12 === undefined) === (values.pkcs11 === undefined)) throw new CliError('give either --p12 or --pkcs11');
    if (values.tsa !== undefined && !/^https?:\/\/\S+$/.test(values.tsa)) throw new CliError(`--tsa must be an http(s) URL, got "${values.tsa}"`);
    const key =
      values.p12 !== undefined
        ? ({ kind: 'p12', path: resolve(io.cwd, values.p12) } as const)
        : ({ kind: 'pkcs11', libraryPath: values.pkcs11 ?? '', ...(values.token ? { tokenLabel: values.token } : {}) } as const);
    const pin = values.p12 !== undefined ? secretFromEnv(io, values['pass-env'], 'pass-env') : secretFromEnv(io, values['pin-env'], 'pin-env');
    const visible = visibleParse(values.visible);

    const { documentsSign } = await import('../../electron/services/signing/signingService.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const queueFolder = values.queue ? resolve(io.cwd, values.queue) : mkdtempSync(join(tmpdir(), 'motcua-tsq-'));
    const { results } = await documentsSign(
      {
        files: [{ input, output }],
        key,
        pin,
        timestamp: values.tsa !== undefined,
        ...(visible ? { visible } : {}),
        ...(values.reason ? { reason: values.reason } : {}),
      },
      { queueFolder, tsa: values.tsa ? { url: values.tsa } : null, ...(values.unit ? { unitName: values.unit } : {}) },
    );
    const r = results[0];
    if (!r) throw new CliError('nothing was signed');
    if (!r.ok) {
      io.err(`motcua sign: ${r.error.code}: ${r.error.message}`);
      return 1;
    }
    if (values.json) io.out(JSON.stringify(r));
    else {
      const ts = r.timestamp === 'pending' ? ' (chưa có dấu thời gian: máy chủ dấu thời gian không phản hồi)' : '';
      io.out(`Đã ký ${r.output}: ${r.signer}, ${r.level}, ${r.signedAt}${ts}`);
    }
    return 0;
  },
};
