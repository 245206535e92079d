import { printerProfileInfo, printerProfiles } from '../../shared/escpos/profiles.js';
import { serialPortsList } from '../../electron/services/printer/printerService.js';
import { cliArgs } from '../args.js';
import type { CliCommand } from '../command.js';

export const command: CliCommand = {
  name: 'printers',
  summary: 'List serial ports (receipt printers on RS-232 / USB-serial) and printer profiles',
  usage: 'motcua printers [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, { json: { type: 'boolean' } });
    const ports = await serialPortsList();
    const profiles = printerProfiles.map(printerProfileInfo);
    if (values.json) {
      io.out(JSON.stringify({ ports, profiles }));
      return 0;
    }
    io.out(ports.length ? ports.map((p) => `${p.path}${p.manufacturer ? `  (${p.manufacturer})` : ''}`).join('\n') : 'Không thấy cổng nối tiếp nào.');
    io.out('\nHồ sơ máy in (--profile):');
    io.out(profiles.map((p) => `  ${p.name.padEnd(18)} ${p.paperDots === 576 ? '80' : '58'} mm  ${p.modes.join('/')}  ${p.label}`).join('\n'));
    return 0;
  },
};
