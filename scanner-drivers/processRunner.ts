import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

// The one seam for drivers that drive another program (PowerShell for WIA, NAPS2 for TWAIN).
// Production uses spawn; tests inject a runner that checks the command and plays back output,
// because those programs exist only on Windows.

export interface ProcessRun {
  command: string;
  args: string[];
  signal?: AbortSignal;
  timeoutMs?: number;
  onStdoutLine?: (line: string) => void;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when we ended it (abort or timeout). */
  killed: boolean;
  /** Set when the program could not be started at all (not installed). */
  spawnError?: string;
}

export type ProcessRunner = (run: ProcessRun) => Promise<ProcessResult>;

export const processRunnerSpawn: ProcessRunner = (run) =>
  new Promise((resolve) => {
    const child = spawn(run.command, run.args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let spawnError: string | undefined;
    const kill = (): void => {
      killed = true;
      child.kill();
    };
    const timer = run.timeoutMs ? setTimeout(kill, run.timeoutMs) : undefined;
    run.signal?.addEventListener('abort', kill, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout += `${line}\n`;
      run.onStdoutLine?.(line);
    });
    child.on('error', (err) => (spawnError = err.message));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      run.signal?.removeEventListener('abort', kill);
      const result: ProcessResult = { code, stdout, stderr, killed };
      if (spawnError !== undefined) result.spawnError = spawnError;
      resolve(result);
    });
  });
