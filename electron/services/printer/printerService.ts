import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SerialPort } from 'serialport';
import { AppError } from '../../../shared/contract/errors.js';
import { printerSettingsSchema, type PrinterSettings, type PrinterState, type SerialPortInfo } from '../../../shared/contract/printer.js';
import { printerProfileFind, printerProfileInfo, printerProfiles, printModeFor, type PrinterProfile } from '../../../shared/escpos/profiles.js';
import { receiptRender, testPageRender, type Rendered } from '../../../shared/escpos/receipt.js';
import type { ReceiptView } from '../../../shared/escpos/receiptView.js';
import { statusErrorCode } from '../../../shared/escpos/status.js';
import { printerTargetParse } from '../../../shared/escpos/target.js';
import { qrMatrix } from './qrMatrix.js';
import { printerSend, printerStatusRead, type SendOptions } from './printerSend.js';
import { PrintQueue, type PrintJob, type PrintQueueDeps } from './printQueue.js';

// The receipt printer of this workstation: settings, status, and a queue that prints in the
// background. The intake saves the dossier first and then calls receiptPrint, which only
// queues: a printer problem is a job state, never an intake error.

export interface SettingsStore {
  load(): Promise<PrinterSettings | null>;
  save(s: PrinterSettings): Promise<void>;
}

/** Settings as a JSON file, written atomically; a corrupt file reads as "not configured". */
export function printerSettingsFileStore(path: string): SettingsStore {
  return {
    async load() {
      try {
        const parsed = printerSettingsSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async save(s) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}.tmp`, JSON.stringify(s, null, 2));
      await rename(`${path}.tmp`, path);
    },
  };
}

export interface PrinterServiceDeps {
  store: SettingsStore;
  onJob?: (job: PrintJob) => void;
  send?: SendOptions;
  queue?: Omit<PrintQueueDeps, 'send' | 'onChange'>;
  /** Lists serial ports; SerialPort.list by default. */
  portsList?: () => Promise<SerialPortInfo[]>;
}

export interface PrintOutcome {
  jobs: PrintJob[];
  mode: Rendered['mode'];
  bytes: number;
  wireSeconds: number | null;
}

export async function serialPortsList(): Promise<SerialPortInfo[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => {
    const info: SerialPortInfo = { path: p.path };
    if (p.manufacturer) info.manufacturer = p.manufacturer;
    if (p.serialNumber) info.serialNumber = p.serialNumber;
    if (p.vendorId) info.vendorId = p.vendorId;
    if (p.productId) info.productId = p.productId;
    return info;
  });
}

/** Bytes × 10 ÷ baud (8 data bits + start + stop); null where the link is not a serial line. */
export function wireSeconds(target: string, bytes: number): number | null {
  const t = printerTargetParse(target);
  return t.kind === 'serial' ? (bytes * 10) / t.baudRate : null;
}

export class PrinterService {
  readonly queue: PrintQueue;

  constructor(private readonly deps: PrinterServiceDeps) {
    this.queue = new PrintQueue({
      ...deps.queue,
      send: async (target, bytes) => {
        const statusCheck = (await deps.store.load())?.statusCheck ?? true;
        await printerSend(printerTargetParse(target), target, bytes, { statusCheck, ...deps.send });
      },
      onChange: (job) => deps.onJob?.(job),
    });
  }

  ports(): Promise<SerialPortInfo[]> {
    return (this.deps.portsList ?? serialPortsList)();
  }

  profiles() {
    return printerProfiles.map(printerProfileInfo);
  }

  settings(): Promise<PrinterSettings | null> {
    return this.deps.store.load();
  }

  async configure(input: unknown): Promise<PrinterSettings> {
    const parsed = printerSettingsSchema.safeParse(input);
    if (!parsed.success) throw new AppError('validation-failed', parsed.error.issues[0]?.message ?? 'Cài đặt máy in không hợp lệ', { field: parsed.error.issues[0]?.path.join('.') ?? '' });
    const profile = printerProfileFind(parsed.data.profile)!;
    try {
      printModeFor(profile, parsed.data.mode);
    } catch {
      throw new AppError('validation-failed', `Máy in ${profile.label} không in được ở chế độ ${parsed.data.mode}`, { field: 'mode' });
    }
    await this.deps.store.save(parsed.data);
    return parsed.data;
  }

  private async resolved(override: Partial<PrinterSettings> = {}): Promise<PrinterSettings & { profileObj: PrinterProfile }> {
    const saved = await this.deps.store.load();
    const merged = { ...saved, ...Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined)) };
    const parsed = printerSettingsSchema.safeParse(merged);
    if (!parsed.success) throw new AppError('not-configured', 'Chưa cài đặt máy in biên nhận', { field: parsed.error.issues[0]?.path.join('.') ?? '' });
    return { ...parsed.data, profileObj: printerProfileFind(parsed.data.profile)! };
  }

  async status(target?: string): Promise<{ target: string; state: PrinterState; paperNearEnd: boolean }> {
    const t = target ?? (await this.resolved()).target;
    try {
      const s = await printerStatusRead(printerTargetParse(t), this.deps.send);
      if (!s) return { target: t, state: 'unknown', paperNearEnd: false };
      return { target: t, state: statusErrorCode(s) ?? 'ready', paperNearEnd: s.paperNearEnd };
    } catch (err) {
      if (err instanceof AppError && err.code === 'printer-offline') return { target: t, state: 'printer-offline', paperNearEnd: false };
      throw err;
    }
  }

  /** Queues the receipt (1 or 2 copies); returns immediately with the queued jobs. */
  async receiptPrint(view: ReceiptView, override: Partial<PrinterSettings> = {}): Promise<PrintOutcome> {
    const s = await this.resolved(override);
    const labels = s.copies === 2 ? ['Liên 1: Lưu', 'Liên 2: Giao người nộp hồ sơ'] : [undefined];
    const jobs: PrintJob[] = [];
    let last: Rendered | undefined;
    for (const copyLabel of labels) {
      last = receiptRender(view, s.profileObj, { mode: s.mode, qrMatrix, ...(s.paperDots ? { paperDots: s.paperDots } : {}), ...(copyLabel ? { copyLabel } : {}) });
      jobs.push(this.queue.enqueue({ dossierCode: view.dossierCode, target: s.target, mode: last.mode, bytes: last.bytes }));
    }
    const bytes = last!.bytes.length;
    return { jobs, mode: last!.mode, bytes, wireSeconds: wireSeconds(s.target, bytes) };
  }

  async testPrint(override: Partial<PrinterSettings> = {}): Promise<PrintOutcome> {
    const s = await this.resolved(override);
    const r = testPageRender(s.profileObj, { mode: s.mode, qrMatrix, ...(s.paperDots ? { paperDots: s.paperDots } : {}) });
    const job = this.queue.enqueue({ dossierCode: 'IN-THU', target: s.target, mode: r.mode, bytes: r.bytes });
    return { jobs: [job], mode: r.mode, bytes: r.bytes.length, wireSeconds: wireSeconds(s.target, r.bytes.length) };
  }
}
