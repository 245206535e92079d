import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { backendCreate } from '../app/backend.js';
import { configCreate, defaultDataDir, repoRoot } from '../config/config.js';
import { browserHostStart } from './browserHost.js';

// `npm run start:browser -- --port <n> [--data <dir>]`: prints exactly one line with the URL.

async function rendererEnsureBuilt(rendererDir: string): Promise<void> {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(repoRoot, 'vite.renderer.config.ts'), logLevel: 'silent' });
}

export async function browserHostMain(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '0' }, data: { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  // MOTCUA_CLOCK_SKEW_MS plays a wrong PC clock (tests of the trusted-time guard; never set in production).
  const skew = Number(process.env.MOTCUA_CLOCK_SKEW_MS ?? 0);
  const config = configCreate({
    host: 'browser',
    version: pkg.version,
    dataDir: values.data ?? defaultDataDir(),
    ...(skew ? { pcClock: () => Date.now() + skew } : {}),
  });
  await rendererEnsureBuilt(config.rendererDir);
  const backend = backendCreate(config);
  const host = await browserHostStart(backend, port);
  process.stdout.write(`MotCua browser host: ${host.url}\n`);
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

try {
  await browserHostMain(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`motcua browser host: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
