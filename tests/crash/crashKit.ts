import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs } from '../support/browserHost.js';

// The two processes a crash test kills, each started in its own process group so that a SIGKILL
// takes everything it spawned with it (scanimage under the host; zygote, GPU and renderer
// processes under Chromium), the way a power cut or the task manager would.

export const repoRoot = join(import.meta.dirname, '../..');

export interface Proc {
  child: ChildProcess;
  /** SIGKILL to the whole process group; resolves once the leader is gone. */
  kill(): Promise<void>;
  exited(): boolean;
}

function procOf(child: ChildProcess): Proc {
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
      await gone;
    },
  };
}

function lineWait(child: ChildProcess, stream: 'stdout' | 'stderr', re: RegExp, what: string, timeoutMs: number): Promise<string> {
  let text = '';
  let other = '';
  child[stream === 'stdout' ? 'stderr' : 'stdout']?.on('data', (d: Buffer) => (other = (other + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${other}`)), timeoutMs);
    child[stream]?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = re.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}): ${other}${text}`));
    });
  });
}

export interface CrashHost extends Proc {
  url: string;
}

/** The browser host over a data folder that outlives it (unlike tests/support's hostStart, in its own group). */
export async function crashHostStart(dataDir: string, port: number, env: Record<string, string | undefined> = {}): Promise<CrashHost> {
  // A fixed port: IndexedDB belongs to the origin, so a host on another port would open an empty database.
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/start.ts', '--port', String(port), '--data', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const proc = procOf(child);
  try {
    const url = await lineWait(child, 'stdout', /^MotCua browser host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m, 'browser host', 60_000);
    return { ...proc, url };
  } catch (err) {
    await proc.kill();
    throw err;
  }
}

export interface CrashBrowser extends Proc {
  browser: Browser;
  page: Page;
}

/** Debian's Chromium on a profile folder that outlives it, driven over CDP. */
export async function crashBrowserStart(profileDir: string, url: string): Promise<CrashBrowser> {
  const child = spawn(
    '/usr/bin/chromium',
    [...chromiumArgs, '--headless', '--lang=vi-VN', '--window-size=1280,800', `--user-data-dir=${profileDir}`, '--remote-debugging-port=0', 'about:blank'],
    { env: { ...process.env, TZ: 'Asia/Ho_Chi_Minh', LANG: 'vi_VN.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const proc = procOf(child);
  try {
    const ws = await lineWait(child, 'stderr', /DevTools listening on (ws:\/\/\S+)/, 'chromium', 60_000);
    const browser = await chromium.connectOverCDP(ws);
    const context = browser.contexts()[0];
    if (!context) throw new Error('chromium has no default context');
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url);
    return { ...proc, browser, page };
  } catch (err) {
    await proc.kill();
    throw err;
  }
}

/** The renderer processes of a Chromium process group (for a renderer-only kill). */
export async function rendererPids(browserPid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(join('/proc', name, 'stat'), 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid !== browserPid) continue;
      const cmd = await readFile(join('/proc', name, 'cmdline'), 'utf8');
      if (cmd.includes('--type=renderer') && !cmd.includes('--extension-process')) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A port that was free a moment ago (the host keeps it for the whole run). */
export async function portFree(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
