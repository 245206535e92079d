import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../../electron/config/config.js';
import { auditVerify } from '../../electron/services/audit/auditLog.js';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

// `motcua audit verify`: walks the hash-chained audit log and names the first broken link, so
// provincial IT can check a workstation (or a copy of its log) without starting the app.

export const command: CliCommand = {
  name: 'audit',
  summary: 'Verify the hash chain of the audit log; exit 1 naming the first broken line',
  usage: 'motcua audit verify [--data <dir> | --file <audit.log>] [--json]',
  async run(argv, io) {
    const { values, positionals } = cliArgs(argv, { data: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals[0] !== 'verify' || positionals.length !== 1) throw new CliError('expected the sub-command "verify"');
    if (values.data !== undefined && values.file !== undefined) throw new CliError('give either --data or --file, not both');
    const path = values.file !== undefined ? resolve(io.cwd, values.file) : join(values.data !== undefined ? resolve(io.cwd, values.data) : defaultDataDir(io.env), 'audit.log');
    try {
      await access(path);
    } catch {
      throw new CliError(`no audit log at ${path}`);
    }
    const verdict = await auditVerify(path);
    if (values.json) io.out(JSON.stringify({ path, ...verdict }));
    else if (verdict.ok) io.out(`Audit log intact: ${verdict.records} records (${path})`);
    else io.out(`Audit log BROKEN at line ${verdict.firstBroken?.line}: ${verdict.firstBroken?.reason} (${verdict.records} records, ${path})`);
    return verdict.ok ? 0 : 1;
  },
};
