import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { statusBytesFor, type PrinterStatus } from '../../../shared/escpos/status.js';
import { tokenLength } from '../../../shared/escpos/tokenize.js';

// A deterministic thermal printer for tests and the bench: it keeps every byte it is sent,
// and answers DLE EOT status requests (found at command boundaries, not inside raster data)
// from a state the test sets: paper out, cover open, offline, or silent (unplugged).

export interface FakeState extends Partial<PrinterStatus> {
  /** Do not answer status requests at all (a dead or unplugged printer). */
  silent?: boolean;
}

export class FakePrinterCore {
  state: FakeState = {};
  private pending = new Uint8Array(0);
  private readonly printed: number[] = [];
  statusRequests = 0;

  /** Feeds received bytes, returns the answer bytes to send back. */
  feed(chunk: Uint8Array): Uint8Array {
    const buf = new Uint8Array(this.pending.length + chunk.length);
    buf.set(this.pending);
    buf.set(chunk, this.pending.length);
    const answers: number[] = [];
    let i = 0;
    while (i < buf.length) {
      const len = tokenLength(buf, i);
      if (len === undefined) break;
      if (buf[i] === 0x10 && buf[i + 1] === 0x04 && len === 3) {
        this.statusRequests++;
        const n = buf[i + 2] as 1 | 2 | 3 | 4;
        if (!this.state.silent) answers.push(statusBytesFor(this.state)[n] ?? 0x12);
      } else {
        for (let k = 0; k < len; k++) this.printed.push(buf[i + k]!);
      }
      i += len;
    }
    this.pending = buf.slice(i);
    return Uint8Array.from(answers);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.printed);
  }

  clear(): void {
    this.printed.length = 0;
  }
}

export interface FakePrinter {
  core: FakePrinterCore;
  close(): Promise<void>;
}

/** The printer end of a serial line (e.g. one side of a socat pty pair). */
export async function fakeSerialPrinterOpen(path: string, baudRate: number): Promise<FakePrinter> {
  const core = new FakePrinterCore();
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on('data', (chunk: Buffer) => {
    const answer = core.feed(chunk);
    if (answer.length) port.write(Buffer.from(answer));
  });
  return { core, close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())) };
}

/** A raw-port (9100) network printer on 127.0.0.1; `port` is chosen by the OS. */
export async function fakeTcpPrinterStart(): Promise<FakePrinter & { port: number }> {
  const core = new FakePrinterCore();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      const answer = core.feed(chunk);
      if (answer.length) socket.write(answer);
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    core,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
