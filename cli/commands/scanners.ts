import { cliArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { scannerRegistryFromArgs, scannerSetupOptions } from './scannerSetup.js';

export const command: CliCommand = {
  name: 'scanners',
  summary: 'List the scanners every driver sees (SANE/WIA/TWAIN, eSCL, hot folders, fake)',
  usage: 'motcua scanners [--escl <url>]... [--folder <dir>]... [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, { json: { type: 'boolean' }, ...scannerSetupOptions });
    const listing = await scannerRegistryFromArgs(values, io).devices();
    if (values.json) {
      io.out(JSON.stringify(listing));
      return 0;
    }
    for (const d of listing.devices) io.out(`${d.id}\t${d.name}${d.model ? ` (${d.model})` : ''}`);
    for (const f of listing.failures) io.err(`${f.driver}: ${f.message}`);
    if (listing.devices.length === 0) io.err('Không thấy máy quét nào');
    return 0;
  },
};
