import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { builtInCalendar } from '../../shared/domain/calendar/builtIn.js';
import { kpi766Compute, KPI_LABEL } from '../../shared/domain/kpi/indicators766.js';
import { nationalDossierListSchema } from '../../shared/domain/kpi/nationalRecord.js';
import { cataloguePackSchema, feeCompute, type CataloguePack } from '../../shared/domain/rulepacks/cataloguePack.js';
import { schemaParse } from '../../shared/domain/rulepacks/common.js';
import { dayFromIso } from '../../shared/domain/time/vnTime.js';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

const sampleCatalogue = new URL('../../resources/rulepacks/catalogue.sample.json', import.meta.url);

function jsonRead(path: string | URL, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${what} ${String(path)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`${what} ${String(path)} is not valid JSON`);
  }
}

export const command: CliCommand = {
  name: 'kpi',
  summary: 'Decision 766 indicators (internal estimate) from dossiers in national sync field names',
  usage: 'motcua kpi --input <file.json> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--catalogue <pack.json>] [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, {
      input: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      catalogue: { type: 'string' },
      json: { type: 'boolean' },
    });
    const input = requireOption(values.input, 'input');
    const from = requireOption(values.from, 'from');
    const to = requireOption(values.to, 'to');
    try {
      for (const [name, v] of [['from', from], ['to', to]] as const) {
        try {
          dayFromIso(v);
        } catch {
          throw new CliError(`--${name} must be a date YYYY-MM-DD, got "${v}"`);
        }
      }
      if (from > to) throw new CliError(`--from ${from} is after --to ${to}`);
      const dossiers = schemaParse(nationalDossierListSchema, jsonRead(resolve(io.cwd, input), 'input file'), 'Tệp hồ sơ');
      const catalogue: CataloguePack = schemaParse(
        cataloguePackSchema,
        jsonRead(values.catalogue ? resolve(io.cwd, values.catalogue) : sampleCatalogue, 'catalogue'),
        'Danh mục thủ tục',
      );
      const find = (code: string) => catalogue.procedures.find((p) => p.nationalCode === code || p.localCode === code);
      const result = kpi766Compute(dossiers, {
        from,
        to,
        calendar: builtInCalendar(),
        paperResult: (code) => find(code)?.resultRequiresPaper ?? true,
        hasFees: (code) => (find(code)?.fees ?? []).some((f) => feeCompute(f) > 0),
      });
      if (values.json) {
        io.out(JSON.stringify(result));
      } else {
        io.out(`Chỉ số Quyết định 766 — ${KPI_LABEL}, ${from} → ${to}, ${dossiers.length} hồ sơ`);
        for (const [id, r] of Object.entries(result)) {
          io.out(`  ${id.padEnd(4)} ${r.name}: ${r.rate === null ? 'N/A' : r.rate} (${r.numerator}/${r.denominator})`);
        }
      }
      return 0;
    } catch (err) {
      if (err instanceof AppError) throw new CliError(err.message);
      throw err;
    }
  },
};
