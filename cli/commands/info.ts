import { readFileSync } from 'node:fs';
import { commandNames } from '../../shared/contract/commands.js';
import { cliArgs } from '../args.js';
import type { CliCommand } from '../command.js';

export const command: CliCommand = {
  name: 'info',
  summary: 'Print version, Node version and the number of contract commands',
  usage: 'motcua info [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, { json: { type: 'boolean' } });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const info = { version: pkg.version, node: process.versions.node, commands: commandNames.length };
    io.out(values.json ? JSON.stringify(info) : `MộtCửa ${info.version} on Node ${info.node}, ${info.commands} contract commands`);
    return 0;
  },
};
