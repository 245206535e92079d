import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { decodedText, escposDecode } from '../../shared/escpos/decoder.js';
import { fakeSerialPrinterOpen, fakeTcpPrinterStart } from '../../electron/services/printer/fakePrinter.js';
import { ptyPairOpen } from '../../electron/services/printer/ptyPair.js';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

const run = promisify(execFile);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd };
  return { value, out, err };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'motcua-receipt-cli-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const dossier = {
  dossier: {
    code: '000.00.12.H29-261201-0042',
    procedureName: 'Đăng ký kết hôn',
    applicantName: 'Vũ Đức Thắng',
    receivedAt: '2026-12-01T09:15:00+07:00',
    dueAt: '2026-12-04T10:00:00+07:00',
    components: 4,
    fees: [],
  },
  events: [],
};

describe('motcua receipt', () => {
  it('writes the sample receipt to a file and reports bytes and mode as JSON', async () => {
    const dir = tempDir();
    const c = io(dir);
    expect(await cliRun(['receipt', '--sample', '--printer', 'file:out.bin', '--profile', 'xprinter-58', '--json'].map((a) => (a === 'file:out.bin' ? `file:${join(dir, 'out.bin')}` : a)), c.value)).toBe(0);
    const result = JSON.parse(c.out[0]!) as { bytes: number; mode: string };
    expect(result.mode).toBe('glyph');
    const bytes = readFileSync(join(dir, 'out.bin'));
    expect(result.bytes).toBe(bytes.length);
    expect(decodedText(escposDecode(bytes, { paperDots: 384 }))).toContain('Nguyễn Thị Ánh Tuyết');
  });

  it('prints a dossier export over a pty at 9,600 baud as a real process', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.json'), JSON.stringify(dossier));
    const pty = await ptyPairOpen();
    cleanups.push(() => pty.close());
    const fake = await fakeSerialPrinterOpen(pty.printer, 9600);
    cleanups.push(() => fake.close());
    const { stdout } = await run('node', ['bin/motcua.js', 'receipt', '--dossier', join(dir, 'd.json'), '--printer', `serial:${pty.app}?baud=9600`, '--json'], { cwd: process.cwd() });
    const result = JSON.parse(stdout) as { bytes: number; mode: string; wireSeconds: number };
    expect(result.wireSeconds).toBeCloseTo((result.bytes * 10) / 9600, 5);
    const text = decodedText(escposDecode(fake.core.bytes(), { paperDots: 576 }));
    expect(text).toContain('Người nộp: Vũ Đức Thắng');
    expect(text).toContain('Phí, lệ phí: Không thu');
  });

  it('exits 1 with the status code when the network printer is out of paper', async () => {
    const fake = await fakeTcpPrinterStart();
    cleanups.push(() => fake.close());
    fake.core.state = { paperOut: true };
    const c = io(process.cwd());
    expect(await cliRun(['receipt', '--sample', '--printer', `tcp:127.0.0.1:${fake.port}`], c.value)).toBe(1);
    expect(c.err.join('')).toContain('printer-paper-out');
  });

  it('exits 2 with one line for bad input', async () => {
    for (const argv of [
      ['receipt', '--sample'],
      ['receipt', '--sample', '--dossier', 'x.json', '--printer', 'file:/tmp/x'],
      ['receipt', '--sample', '--printer', 'lpt1'],
      ['receipt', '--sample', '--printer', 'file:/tmp/x', '--profile', 'nope'],
      ['receipt', '--sample', '--printer', 'file:/tmp/x', '--profile', 'sunmi-58', '--mode', 'text'],
      ['receipt', '--dossier', '/nonexistent.json', '--printer', 'file:/tmp/x'],
    ]) {
      const c = io(process.cwd());
      expect(await cliRun(argv, c.value), argv.join(' ')).toBe(2);
      expect(c.err).toHaveLength(1);
    }
  });
});

describe('motcua printers', () => {
  it('lists serial ports and profiles as JSON', async () => {
    const c = io(process.cwd());
    expect(await cliRun(['printers', '--json'], c.value)).toBe(0);
    const r = JSON.parse(c.out[0]!) as { ports: { path: string }[]; profiles: { name: string }[] };
    expect(Array.isArray(r.ports)).toBe(true);
    expect(r.profiles.map((p) => p.name)).toContain('epson-tm-t20');
  });
});
