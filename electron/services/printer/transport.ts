import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { AppError } from '../../../shared/contract/errors.js';
import type { PrinterTarget } from '../../../shared/escpos/target.js';

// One byte pipe per printer connection. Serial and TCP printers answer DLE EOT status
// requests; the OS spooler and files do not (their `query` returns undefined: status unknown).

export interface PrinterTransport {
  readonly kind: PrinterTarget['kind'];
  write(bytes: Uint8Array): Promise<void>;
  /** Sends a real-time request and waits for one answer byte; undefined when none came in time. */
  query(request: Uint8Array, timeoutMs: number): Promise<number | undefined>;
  close(): Promise<void>;
}

function offline(message: string, cause: unknown, target: string): AppError {
  return new AppError('printer-offline', message, { target, cause: cause instanceof Error ? cause.message : String(cause) });
}

/** Collects answer bytes from a stream and hands them to whoever is waiting. */
class AnswerInbox {
  private bytes: number[] = [];
  private waiter: ((b: number | undefined) => void) | undefined;

  push(chunk: Uint8Array): void {
    for (const b of chunk) this.bytes.push(b);
    this.wake();
  }

  private wake(): void {
    if (this.waiter && this.bytes.length) {
      const w = this.waiter;
      this.waiter = undefined;
      w(this.bytes.shift());
    }
  }

  next(timeoutMs: number): Promise<number | undefined> {
    this.bytes = [];
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (b) => {
        clearTimeout(timer);
        resolve(b);
      };
      this.wake();
    });
  }
}

async function serialOpen(t: Extract<PrinterTarget, { kind: 'serial' }>): Promise<PrinterTransport> {
  const inbox = new AnswerInbox();
  const port = new SerialPort({
    path: t.path,
    baudRate: t.baudRate,
    parity: t.parity,
    dataBits: t.dataBits,
    stopBits: t.stopBits,
    rtscts: t.flow === 'rtscts',
    xon: t.flow === 'xonxoff',
    xoff: t.flow === 'xonxoff',
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(offline(`Không mở được cổng ${t.path}`, err, t.path)) : resolve())));
  port.on('data', (chunk: Buffer) => inbox.push(chunk));
  port.on('error', () => undefined);
  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err) return reject(offline(`Ghi ra cổng ${t.path} thất bại`, err, t.path));
        port.drain((e) => (e ? reject(offline(`Ghi ra cổng ${t.path} thất bại`, e, t.path)) : resolve()));
      });
    });
  return {
    kind: 'serial',
    write,
    async query(request, timeoutMs) {
      const answer = inbox.next(timeoutMs);
      await write(request);
      return answer;
    },
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

async function tcpOpen(t: Extract<PrinterTarget, { kind: 'tcp' }>, timeoutMs: number): Promise<PrinterTransport> {
  const where = `${t.host}:${t.port}`;
  const inbox = new AnswerInbox();
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ host: t.host, port: t.port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(offline(`Máy in ${where} không trả lời`, 'connect timeout', where));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (err) => {
      clearTimeout(timer);
      reject(offline(`Không kết nối được máy in ${where}`, err, where));
    });
  });
  socket.on('data', (chunk) => inbox.push(chunk));
  socket.on('error', () => undefined);
  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(offline(`Mất kết nối máy in ${where}`, err, where)) : resolve())));
  return {
    kind: 'tcp',
    write,
    async query(request, ms) {
      const answer = inbox.next(ms);
      await write(request);
      return answer;
    },
    close: () => new Promise<void>((resolve) => socket.end(() => resolve())),
  };
}

/**
 * USB printers through the OS spooler, raw (no driver filtering):
 *  - Linux/macOS (CUPS): `lp -d <printer> -o raw`, bytes on stdin.
 *  - Windows: share the printer (Generic / Text Only driver), then `copy /b <file> \\localhost\<share>`;
 *    the spooler passes the bytes through untouched. Status is not available on this path.
 */
function spoolOpen(t: Extract<PrinterTarget, { kind: 'spool' }>): PrinterTransport {
  const run = (cmd: string, args: string[], input?: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'], windowsVerbatimArguments: process.platform === 'win32' });
      let err = '';
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', (e) => reject(offline(`Không gọi được ${cmd}`, e, t.printer)));
      child.on('close', (code) => (code === 0 ? resolve() : reject(offline(`Hàng đợi in từ chối: ${err.trim() || `mã ${code}`}`, err, t.printer))));
      if (input) child.stdin?.end(Buffer.from(input));
    });
  return {
    kind: 'spool',
    async write(bytes) {
      if (process.platform !== 'win32') return run('lp', ['-d', t.printer, '-o', 'raw'], bytes);
      const dir = await mkdtemp(join(tmpdir(), 'motcua-print-'));
      const file = join(dir, 'receipt.bin');
      try {
        await writeFile(file, bytes);
        await run('cmd.exe', ['/d', '/c', `copy /b "${file}" "\\\\localhost\\${t.printer}"`]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    query: async () => undefined,
    close: async () => undefined,
  };
}

export async function printerTransportOpen(target: PrinterTarget, timeoutMs = 3000): Promise<PrinterTransport> {
  switch (target.kind) {
    case 'serial':
      return serialOpen(target);
    case 'tcp':
      return tcpOpen(target, timeoutMs);
    case 'spool':
      return spoolOpen(target);
    case 'file':
      return {
        kind: 'file',
        write: (bytes) => appendFile(target.path, bytes),
        query: async () => undefined,
        close: async () => undefined,
      };
  }
}
