import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { decodedText, escposDecode } from '../../../shared/escpos/decoder.js';
import { printerProfileFind, type PrintMode } from '../../../shared/escpos/profiles.js';
import { receiptEncode } from '../../../shared/escpos/receiptEncode.js';
import { receiptLayout } from '../../../shared/escpos/receiptLayout.js';
import { receiptSample } from '../../../shared/escpos/receiptView.js';
import { fakeSerialPrinterOpen, fakeTcpPrinterStart, type FakePrinter } from './fakePrinter.js';
import { paperQrRead, qrMatrix } from './paperImage.js';
import { printerSend, printerStatusRead } from './printerSend.js';
import { ptyPairOpen, type PtyPair } from './ptyPair.js';
import { printerTargetParse } from '../../../shared/escpos/target.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serialRig(baud: number): Promise<{ pty: PtyPair; fake: FakePrinter; target: string }> {
  const pty = await ptyPairOpen();
  cleanups.push(() => pty.close());
  const fake = await fakeSerialPrinterOpen(pty.printer, baud);
  cleanups.push(() => fake.close());
  return { pty, fake, target: `serial:${pty.app}?baud=${baud}` };
}

function receiptFor(profileName: string, mode: PrintMode) {
  const profile = printerProfileFind(profileName)!;
  const doc = receiptLayout(receiptSample, profile.paperDots);
  const expected = doc.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join('\n');
  return { profile, bytes: receiptEncode(doc, profile, mode).bytes, expected };
}

function paperOf(fake: FakePrinter, profileName: string) {
  const profile = printerProfileFind(profileName)!;
  return escposDecode(fake.core.bytes(), { paperDots: profile.paperDots, cp1258Page: profile.cp1258Page, qrRender: qrMatrix });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
}

describe('printing over a socat pty pair', () => {
  for (const [baud, profile, mode] of [
    [9600, 'xprinter-80', 'glyph'],
    [115200, 'epson-tm-t20', 'text'],
    [115200, 'sunmi-58', 'mixed'],
  ] as const) {
    it(`delivers the ${mode}-mode receipt at ${baud} baud and the paper shows it exactly`, async () => {
      const { fake, target } = await serialRig(baud);
      const r = receiptFor(profile, mode);
      await printerSend(printerTargetParse(target), 'test', r.bytes);
      expect(Buffer.from(fake.core.bytes()).equals(Buffer.from(r.bytes))).toBe(true);
      const paper = paperOf(fake, profile);
      if (mode !== 'mixed') expect(decodedText(paper)).toBe(r.expected);
      expect(paperQrRead(paper)).toEqual([receiptSample.dossierCode]);
      expect(fake.core.statusRequests).toBe(6);
    });
  }

  it('refuses to print when the printer reports paper out, and prints once paper is back', async () => {
    const { fake, target } = await serialRig(9600);
    fake.core.state = { paperOut: true };
    const r = receiptFor('xprinter-80', 'glyph');
    expect(await codeOf(printerSend(printerTargetParse(target), 'test', r.bytes))).toBe('printer-paper-out');
    expect(fake.core.bytes()).toHaveLength(0);
    fake.core.state = {};
    expect(await codeOf(printerSend(printerTargetParse(target), 'test', r.bytes))).toBe('ok');
    expect(decodedText(paperOf(fake, 'xprinter-80'))).toBe(r.expected);
  });

  it('reports offline from the status byte and from silence, and cover open', async () => {
    const { fake, target } = await serialRig(115200);
    const t = printerTargetParse(target);
    fake.core.state = { online: false };
    expect(await codeOf(printerStatusRead(t))).toBe('ok');
    expect((await printerStatusRead(t))?.online).toBe(false);
    expect(await codeOf(printerSend(t, 'test', Uint8Array.of(0x1b, 0x40)))).toBe('printer-offline');
    fake.core.state = { coverOpen: true };
    expect(await codeOf(printerSend(t, 'test', Uint8Array.of(0x1b, 0x40)))).toBe('printer-cover-open');
    fake.core.state = { silent: true };
    expect(await codeOf(printerSend(t, 'test', Uint8Array.of(0x1b, 0x40), { statusTimeoutMs: 200 }))).toBe('printer-offline');
  });
});

describe('printing to a TCP 9100 listener on 127.0.0.1', () => {
  it('delivers the receipt and detects paper out', async () => {
    const fake = await fakeTcpPrinterStart();
    cleanups.push(() => fake.close());
    const target = printerTargetParse(`tcp:127.0.0.1:${fake.port}`);
    const r = receiptFor('xprinter-80', 'glyph');
    await printerSend(target, 'test', r.bytes);
    const paper = paperOf(fake, 'xprinter-80');
    expect(decodedText(paper)).toBe(r.expected);
    expect(paperQrRead(paper)).toEqual([receiptSample.dossierCode]);
    fake.core.state = { paperOut: true };
    expect(await codeOf(printerSend(target, 'test', r.bytes))).toBe('printer-paper-out');
  });

  it('reports printer-offline when nothing listens', async () => {
    const fake = await fakeTcpPrinterStart();
    const port = fake.port;
    await fake.close();
    expect(await codeOf(printerSend(printerTargetParse(`tcp:127.0.0.1:${port}`), 'test', Uint8Array.of(0x1b, 0x40)))).toBe('printer-offline');
  });

  it('rejects malformed printer addresses with validation-failed', () => {
    for (const bad of ['tcp:host', 'serial:', 'serial:/dev/x?baud=1234', 'usb:foo', 'spool:a;rm -rf']) {
      expect(() => printerTargetParse(bad), bad).toThrow(AppError);
    }
    expect(printerTargetParse('serial:COM3?baud=115200&parity=even&flow=rtscts')).toMatchObject({ path: 'COM3', baudRate: 115200, parity: 'even', flow: 'rtscts' });
  });
});
