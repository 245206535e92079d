import { readFileSync } from 'node:fs';
import { AppError } from '../shared/contract/errors.js';
import { CliError, type CliIo } from './command.js';
import { cliEntries } from './registry.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function helpText(): string {
  const width = Math.max(...cliEntries.map((e) => e.name.length));
  const lines = cliEntries.map((e) => `  ${e.name.padEnd(width)}  ${e.summary}`);
  return [
    'MộtCửa command line (for provincial IT and tests)',
    '',
    'Usage: motcua <command> [options]   (motcua <command> --help for its options)',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options: --help, --version; most commands take --json for machine-readable output.',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function cliRun(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return 0;
  }
  const entry = cliEntries.find((e) => e.name === name);
  if (!entry) {
    io.err(`motcua: unknown command "${name}" (run "motcua --help" for the list)`);
    return 2;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`motcua ${name}: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof AppError) {
      io.err(`motcua ${name}: ${err.code}: ${err.message}`);
      return 1;
    }
    io.err(`motcua ${name}: internal error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  cwd: process.cwd(),
};
