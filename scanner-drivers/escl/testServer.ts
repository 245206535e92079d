import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageImageRender } from '../fake/pageImage.js';
import { esclNs, esclScanSettingsParse, type EsclScanSettings } from './esclXml.js';

// A test eSCL scanner on 127.0.0.1 serving generated pages, with faults a real device shows:
// 503 "come back later", a jam in the middle of a feeder job, an empty feeder, an open ADF door,
// a device stuck busy. It is proven faithful by scanning from it with sane-airscan (a real eSCL
// client) in testServer.airscan.test.ts before our own client is tested against it.

export interface EsclTestFaults {
  /** The first n NextDocument requests of every job answer 503. */
  nextDocument503?: number;
  /** A feeder job jams after this many pages: NextDocument answers 409, AdfState ScannerAdfJam. */
  jamAfterPages?: number;
  /** The ADF door is open: feeder jobs are refused with 409, AdfState ScannerAdfDoorOpen. */
  adfDoorOpen?: boolean;
  /** Every POST /ScanJobs answers 503 and the state stays Processing. */
  alwaysBusy?: boolean;
}

export interface EsclTestServerOptions {
  /** Sheets in the feeder at the start of every job; 0 means empty. */
  adfSheets?: number;
  duplex?: boolean;
  makeAndModel?: string;
  faults?: EsclTestFaults;
  /** Delay before each page is served, to make cancel observable. */
  pageDelayMs?: number;
}

interface Job {
  id: string;
  settings: EsclScanSettings;
  served: number;
  limit: number;
  misses503: number;
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
  reason: string;
}

export interface EsclTestServer {
  url: string;
  /** `METHOD /path` of every request, in order. */
  log: string[];
  options: EsclTestServerOptions;
  close(): Promise<void>;
}

const resolutions = [75, 100, 150, 200, 300, 600];
const formats = ['image/png', 'image/jpeg'];

function inputCaps(tag: string): string {
  const res = resolutions.map((r) => `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`).join('');
  const fmts = formats.map((f) => `<pwg:DocumentFormat>${f}</pwg:DocumentFormat><scan:DocumentFormatExt>${f}</scan:DocumentFormatExt>`).join('');
  // 8.5 x 14 inch (legal) at 300 per inch: A4 fits.
  return (
    `<scan:${tag}><scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth><scan:MinHeight>16</scan:MinHeight>` +
    `<scan:MaxHeight>4200</scan:MaxHeight><scan:MaxScanRegions>1</scan:MaxScanRegions><scan:SettingProfiles><scan:SettingProfile>` +
    `<scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>` +
    `<scan:DocumentFormats>${fmts}</scan:DocumentFormats>` +
    `<scan:SupportedResolutions><scan:DiscreteResolutions>${res}</scan:DiscreteResolutions></scan:SupportedResolutions>` +
    `</scan:SettingProfile></scan:SettingProfiles><scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>Photo</scan:Intent></scan:SupportedIntents></scan:${tag}>`
  );
}

function capabilitiesXml(o: EsclTestServerOptions): string {
  const adf =
    o.adfSheets === undefined
      ? ''
      : `<scan:Adf>${inputCaps('AdfSimplexInputCaps')}${o.duplex ? inputCaps('AdfDuplexInputCaps') : ''}<scan:FeederCapacity>50</scan:FeederCapacity></scan:Adf>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><scan:ScannerCapabilities xmlns:pwg="${esclNs.pwg}" xmlns:scan="${esclNs.scan}">` +
    `<pwg:Version>2.63</pwg:Version><pwg:MakeAndModel>${o.makeAndModel ?? 'MotCua eSCL Test'}</pwg:MakeAndModel>` +
    `<pwg:SerialNumber>MC-0001</pwg:SerialNumber><scan:UUID>4509a320-00a0-008f-00b6-002507510eca</scan:UUID>` +
    `<scan:Platen>${inputCaps('PlatenInputCaps')}</scan:Platen>${adf}</scan:ScannerCapabilities>`
  );
}

export async function esclTestServerStart(options: EsclTestServerOptions = {}): Promise<EsclTestServer> {
  const jobs = new Map<string, Job>();
  const log: string[] = [];
  const faults = (): EsclTestFaults => options.faults ?? {};
  let adfState = 'ScannerAdfLoaded';

  const busy = (): boolean => faults().alwaysBusy === true || [...jobs.values()].some((j) => j.state === 'Processing');

  const statusXml = (): string => {
    const jobXml = [...jobs.values()]
      .map(
        (j) =>
          `<scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/${j.id}</pwg:JobUri><pwg:JobUuid>${j.id}</pwg:JobUuid><scan:Age>1</scan:Age>` +
          `<pwg:ImagesCompleted>${j.served}</pwg:ImagesCompleted><pwg:ImagesToTransfer>${j.state === 'Processing' ? 1 : 0}</pwg:ImagesToTransfer>` +
          `<pwg:JobState>${j.state}</pwg:JobState><pwg:JobStateReasons><pwg:JobStateReason>${j.reason}</pwg:JobStateReason></pwg:JobStateReasons></scan:JobInfo>`,
      )
      .join('');
    const adf = options.adfSheets === undefined ? '' : `<scan:AdfState>${adfState}</scan:AdfState>`;
    return (
      `<?xml version="1.0" encoding="UTF-8"?><scan:ScannerStatus xmlns:pwg="${esclNs.pwg}" xmlns:scan="${esclNs.scan}">` +
      `<pwg:Version>2.63</pwg:Version><pwg:State>${busy() ? 'Processing' : 'Idle'}</pwg:State>${adf}<scan:Jobs>${jobXml}</scan:Jobs></scan:ScannerStatus>`
    );
  };

  const send = (res: ServerResponse, code: number, body: string | Uint8Array = '', headers: Record<string, string> = {}): void => {
    res.writeHead(code, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };

  const body = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (text += d));
      req.on('end', () => resolve(text));
      req.on('error', reject);
    });

  const nextDocument = async (job: Job, res: ServerResponse): Promise<void> => {
    const f = faults();
    if (job.state !== 'Processing') return send(res, 404);
    if (f.nextDocument503 !== undefined && job.misses503 < f.nextDocument503) {
      job.misses503 += 1;
      return send(res, 503, '', { 'Retry-After': '1' });
    }
    if (job.settings.source !== 'flatbed' && f.jamAfterPages !== undefined && job.served >= f.jamAfterPages) {
      job.state = 'Aborted';
      job.reason = 'ScannerAdfJam';
      adfState = 'ScannerAdfJam';
      return send(res, 409);
    }
    if (job.served >= job.limit) {
      job.state = 'Completed';
      job.reason = 'JobCompletedSuccessfully';
      if (job.settings.source !== 'flatbed') adfState = 'ScannerAdfEmpty';
      return send(res, 404);
    }
    if (options.pageDelayMs) await new Promise((r) => setTimeout(r, options.pageDelayMs));
    const s = job.settings;
    const format = formats.includes(s.format) ? s.format : 'image/jpeg';
    const img = await pageImageRender({
      index: job.served,
      dpi: s.dpi,
      colorMode: s.colorMode === 'bw' ? 'gray' : s.colorMode,
      format: format === 'image/png' ? 'png' : 'jpeg',
      widthMm: (s.width * 25.4) / 300,
      heightMm: (s.height * 25.4) / 300,
    });
    job.served += 1;
    if (job.settings.source === 'flatbed' && job.served >= job.limit) job.state = 'Completed';
    send(res, 200, img.bytes, { 'Content-Type': format });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = req.method ?? 'GET';
    log.push(`${method} ${path}`);
    if (method === 'GET' && path === '/eSCL/ScannerCapabilities') return send(res, 200, capabilitiesXml(options), { 'Content-Type': 'text/xml' });
    if (method === 'GET' && path === '/eSCL/ScannerStatus') return send(res, 200, statusXml(), { 'Content-Type': 'text/xml' });
    if (method === 'POST' && path === '/eSCL/ScanJobs') {
      let settings: EsclScanSettings;
      try {
        settings = esclScanSettingsParse(await body(req));
      } catch {
        return send(res, 400);
      }
      if (busy()) return send(res, 503);
      const f = faults();
      const sheets = options.adfSheets ?? 0;
      if (settings.source !== 'flatbed') {
        if (f.adfDoorOpen) {
          adfState = 'ScannerAdfDoorOpen';
          return send(res, 409);
        }
        if (options.adfSheets === undefined || sheets === 0) {
          adfState = 'ScannerAdfEmpty';
          return send(res, 409);
        }
        adfState = 'ScannerAdfLoaded';
      }
      const id = randomUUID();
      const limit = settings.source === 'flatbed' ? 1 : sheets * (settings.source === 'duplex' ? 2 : 1);
      jobs.set(id, { id, settings, served: 0, limit, misses503: 0, state: 'Processing', reason: 'JobScanning' });
      const host = req.headers.host ?? '127.0.0.1';
      return send(res, 201, '', { Location: `http://${host}/eSCL/ScanJobs/${id}` });
    }
    const m = /^\/eSCL\/ScanJobs\/([\w-]+)(\/NextDocument)?$/.exec(path);
    const job = m ? jobs.get(m[1]!) : undefined;
    if (job && method === 'GET' && m?.[2]) return nextDocument(job, res);
    if (job && method === 'DELETE' && !m?.[2]) {
      if (job.state === 'Processing') {
        job.state = 'Canceled';
        job.reason = 'JobCanceledByUser';
      }
      return send(res, 200);
    }
    send(res, 404);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/eSCL`,
    log,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
