import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { serverConfigParse } from '../../server/config.js';
import { serverStart, type RunningServer } from '../../server/start.js';

// The provincial server for e2e tests: its admin CLI as a real process, the server as a child
// process (stopped and started like a real one) or in this process with a clock the test moves.

const root = join(import.meta.dirname, '../..');

export function serverCli(args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, ['bin/motcua.js', 'server', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`server ${args.join(' ')}: ${r.stderr}`);
}

/** One person at the province, through the admin CLI (password by environment, as in production). */
export function serverUserAdd(dataDir: string, person: { username: string; password: string; role?: string; name?: string; units?: string[] }): void {
  const name = person.name === undefined ? [] : ['--name', person.name];
  const args = ['user', 'add', '--data', dataDir, '--username', person.username, ...name, '--password-env', 'PW', '--role', person.role ?? 'clerk', '--units', (person.units ?? ['H29.01']).join(',')];
  serverCli(args, { PW: person.password });
}

export async function serverChildStart(dataDir: string, port: number): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/motcua.js', 'server', '--port', String(port), '--data', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 90_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /MotCua server: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** In this process, PGlite in `dataDir`, with the server's clock read through `nowMs`. */
export async function serverInProcessStart(dataDir: string, nowMs: () => number): Promise<RunningServer> {
  return serverStart(serverConfigParse(['--port', '0', '--data', dataDir], {}, root), process.env, { nowMs });
}
