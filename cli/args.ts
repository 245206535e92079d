import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs that turns unknown or malformed options into a one-line CliError. */
export function cliArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message.split('\n')[0] ?? 'bad arguments' : 'bad arguments');
  }
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new CliError(`missing required option --${name}`);
  return value;
}

export function intOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CliError(`missing required option --${name}`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value)) throw new CliError(`--${name} must be an integer, got "${value}"`);
  return Number(value);
}
