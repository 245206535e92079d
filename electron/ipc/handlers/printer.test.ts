import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodedText, escposDecode } from '../../../shared/escpos/decoder.js';
import { fakeTcpPrinterStart, type FakePrinter } from '../../services/printer/fakePrinter.js';
import { PrinterService, printerSettingsFileStore } from '../../services/printer/printerService.js';
import type { PrintJob } from '../../services/printer/printQueue.js';
import type { CallContext } from '../session.js';
import { printerHandlers } from './printer.js';

const ctx: CallContext = { session: { userId: 'u1', userName: 'Trần Văn Hùng', role: 'clerk', units: ['000.00.12.H29'] }, origin: 'test' };
const exportOf = (code: string) => ({
  dossier: {
    code,
    procedureName: 'Chứng thực bản sao từ bản chính',
    applicantName: 'Phạm Thị Hằng',
    receivedAt: '2026-11-30T08:00:00+07:00',
    dueAt: '2026-11-30T16:30:00+07:00',
    components: [{ name: 'Bản chính' }],
    fees: 2000,
  },
  events: [],
});

let dir: string;
let fake: FakePrinter & { port: number };
let events: PrintJob[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-printer-'));
  fake = await fakeTcpPrinterStart();
  events = [];
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function rig() {
  const service = new PrinterService({
    store: printerSettingsFileStore(join(dir, 'printer.json')),
    onJob: (j) => events.push(j),
    send: { statusTimeoutMs: 300 },
    queue: { retryDelaysMs: [200, 200, 200], sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    portsList: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'Prolific' }],
  });
  const h = printerHandlers({
    service,
    receiptOptions: async () => ({ unitName: 'Trung tâm Phục vụ hành chính công xã Hòa An' }),
    emit: () => undefined,
  });
  return { service, h };
}

describe('printer handlers', () => {
  it('validates and saves settings, and lists ports, profiles and jobs', async () => {
    const { h } = rig();
    await expect(h['printer:configure']({ target: 'tcp:nowhere', profile: 'xprinter-80', mode: 'auto', copies: 1, statusCheck: true }, ctx)).rejects.toMatchObject({ code: 'validation-failed' });
    await expect(h['printer:configure']({ target: `tcp:127.0.0.1:${fake.port}`, profile: 'xprinter-58', mode: 'text', copies: 1, statusCheck: true }, ctx)).rejects.toMatchObject({ code: 'validation-failed', details: { field: 'mode' } });
    await h['printer:configure']({ target: `tcp:127.0.0.1:${fake.port}`, profile: 'xprinter-80', mode: 'auto', copies: 1, statusCheck: true }, ctx);
    expect(JSON.parse(readFileSync(join(dir, 'printer.json'), 'utf8'))).toMatchObject({ profile: 'xprinter-80' });
    const list = await h['printer:list']({}, ctx);
    expect(list.ports[0]?.path).toBe('/dev/ttyUSB0');
    expect(list.profiles.find((p) => p.name === 'sunmi-58')?.modes).toEqual(['mixed', 'raster']);
    expect(list.settings?.target).toBe(`tcp:127.0.0.1:${fake.port}`);
  });

  it('queues the receipt without waiting for a printer that is out of paper, then prints when paper is back', async () => {
    const { service, h } = rig();
    await h['printer:configure']({ target: `tcp:127.0.0.1:${fake.port}`, profile: 'xprinter-80', mode: 'auto', copies: 1, statusCheck: true }, ctx);
    fake.core.state = { paperOut: true };
    const r = await h['receipt:print']({ export: exportOf('000.00.12.H29-261130-0011') }, ctx);
    expect(r.mode).toBe('glyph');
    expect(r.jobs[0]).toMatchObject({ state: 'queued', attempts: 0 });
    for (let i = 0; i < 100 && !events.some((e) => e.error?.code === 'printer-paper-out'); i++) await new Promise((res) => setTimeout(res, 20));
    expect(events.some((e) => e.error?.code === 'printer-paper-out')).toBe(true);
    fake.core.state = {};
    await service.queue.idle();
    const job = service.queue.jobs()[0]!;
    expect(job.state).toBe('done');
    expect(job.attempts).toBeGreaterThan(1);
    const text = decodedText(escposDecode(fake.core.bytes(), { paperDots: 576 }));
    expect(text).toContain('Người nộp: Phạm Thị Hằng');
    expect(text).toContain('Hẹn trả kết quả: 16 giờ 30 phút, ngày 30/11/2026');
  });

  it('reprints at any time and prints two copies when asked', async () => {
    const { service, h } = rig();
    await h['printer:configure']({ target: `tcp:127.0.0.1:${fake.port}`, profile: 'epson-tm-t20', mode: 'auto', copies: 1, statusCheck: true }, ctx);
    await h['receipt:print']({ export: exportOf('000.00.12.H29-261130-0012') }, ctx);
    await h['receipt:print']({ export: exportOf('000.00.12.H29-261130-0012'), copies: 2 }, ctx);
    await service.queue.idle();
    const text = decodedText(escposDecode(fake.core.bytes(), { paperDots: 576, cp1258Page: 52 }));
    expect(text.match(/GIẤY TIẾP NHẬN HỒ SƠ/g)).toHaveLength(3);
    expect(text).toContain('(Liên 1: Lưu)');
    expect(text).toContain('(Liên 2: Giao người nộp hồ sơ)');
    await expect(h['receipt:print']({ export: { dossier: {}, events: 'none' } }, ctx)).rejects.toMatchObject({ code: 'validation-failed' });
  });

  it('gives up after the retries, keeps the job as failed, and retries it on demand', async () => {
    const { service, h } = rig();
    await h['printer:configure']({ target: `tcp:127.0.0.1:${fake.port}`, profile: 'xprinter-80', mode: 'auto', copies: 1, statusCheck: true }, ctx);
    fake.core.state = { coverOpen: true };
    await h['printer:testPrint']({}, ctx);
    await service.queue.idle();
    const failed = service.queue.jobs()[0]!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 4, error: { code: 'printer-cover-open' } });
    fake.core.state = {};
    service.queue.retry(failed.id);
    await service.queue.idle();
    expect(service.queue.jobs()[0]?.state).toBe('done');
    expect(decodedText(escposDecode(fake.core.bytes(), { paperDots: 576 }))).toContain('Ừ Ử Ữ Ứ Ự');
  });

  it('prints to a transmit-only printer (no status answers) when the status check is off', async () => {
    const { service, h } = rig();
    fake.core.state = { silent: true };
    await h['printer:configure']({ target: `tcp:127.0.0.1:${fake.port}`, profile: 'xprinter-80', mode: 'auto', copies: 1, statusCheck: false }, ctx);
    await h['receipt:print']({ export: exportOf('000.00.12.H29-261130-0013') }, ctx);
    await service.queue.idle();
    expect(service.queue.jobs()[0]).toMatchObject({ state: 'done', attempts: 1 });
    expect(fake.core.statusRequests).toBe(0);
  });

  it('reports printer status as a state the UI can show', async () => {
    const { h } = rig();
    const target = `tcp:127.0.0.1:${fake.port}`;
    expect(await h['printer:status']({ target }, ctx)).toMatchObject({ state: 'ready' });
    fake.core.state = { paperOut: true };
    expect(await h['printer:status']({ target }, ctx)).toMatchObject({ state: 'printer-paper-out' });
    fake.core.state = { silent: true };
    expect(await h['printer:status']({ target }, ctx)).toMatchObject({ state: 'printer-offline' });
    expect(await h['printer:status']({ target: `file:${join(dir, 'x.bin')}` }, ctx)).toMatchObject({ state: 'unknown' });
    await expect(h['printer:status']({}, ctx)).rejects.toMatchObject({ code: 'not-configured' });
  });
});
