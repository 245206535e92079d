import { AppError } from '../shared/contract/errors.js';
import { serverConfigParse, serverUsage } from './config.js';
import { serverStart } from './start.js';

// `npm run server -- --port 8787 --data ./motcua-data` (same flags as `motcua server`).
if (process.argv.includes('--help')) {
  process.stdout.write(`Usage: ${serverUsage.replace('motcua server', 'npm run server --')}\n`);
  process.exit(0);
}
try {
  const config = serverConfigParse(process.argv.slice(2), process.env, process.cwd());
  const server = await serverStart(config, process.env, { notice: (line) => void process.stdout.write(`${line}\n`) });
  process.stdout.write(`MotCua server: ${server.url}\n`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`motcua server: ${err instanceof AppError ? `${err.code}: ` : ''}${err instanceof Error ? err.message : String(err)}\n`);
  // Exit now: a start that failed half-way must not leave the process hanging on an open handle.
  process.exit(err instanceof AppError && err.code === 'validation-failed' ? 2 : 1);
}
