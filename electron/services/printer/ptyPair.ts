import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A null-modem cable in software: `socat` joins two pseudo-terminals, one for the app, one
// for the fake printer. A pty delivers bytes at any baud setting but ignores the rate, so wire
// time is computed (bytes × 10 ÷ baud), never measured.

export interface PtyPair {
  app: string;
  printer: string;
  close(): Promise<void>;
}

export async function ptyPairOpen(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pty-'));
  const app = join(dir, 'app');
  const printer = join(dir, 'printer');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${app}`, `pty,raw,echo=0,link=${printer}`], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!(existsSync(app) && existsSync(printer))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error('socat did not create the pty pair');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    app,
    printer,
    close: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
