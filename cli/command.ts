// A headless command of `npx motcua`. Each lives in cli/commands/<name>.ts and is listed in
// cli/registry.ts. Commands parse their own argv (node:util parseArgs), print JSON when
// `--json` is given, and throw CliError (or AppError) for bad input: the runner prints one line
// and exits non-zero.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code (0 on success). */
  run(argv: string[], io: CliIo): Promise<number>;
}

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
