import { AppError } from '../contract/errors.js';

// Where a receipt goes, as one string that settings, the CLI and tests share:
//   serial:/dev/ttyUSB0?baud=9600&parity=none&flow=rtscts   (USB-serial and RS-232)
//   tcp:192.168.1.50:9100                                   (network printers, raw port 9100)
//   spool:<printer name>                                    (USB printers through the OS spooler)
//   file:/path/out.bin                                      (tests, or a print-to-file)

export type Parity = 'none' | 'even' | 'odd';
export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

export type PrinterTarget =
  | { kind: 'serial'; path: string; baudRate: number; parity: Parity; flow: FlowControl; dataBits: 7 | 8; stopBits: 1 | 2 }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'spool'; printer: string }
  | { kind: 'file'; path: string };

const bauds = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400];

/** `a=1&b=2` → map (URLSearchParams is not in the ES2023 lib of shared/). */
function queryParse(query: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    m.set(eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1)));
  }
  return m;
}

function bad(message: string, target: string): never {
  throw new AppError('validation-failed', message, { field: 'printer', target });
}

export function printerTargetParse(text: string): PrinterTarget {
  const colon = text.indexOf(':');
  const scheme = colon > 0 ? text.slice(0, colon) : '';
  const rest = text.slice(colon + 1);
  if (scheme === 'serial') {
    const [path = '', query = ''] = rest.split('?');
    if (!path) bad('Thiếu đường dẫn cổng nối tiếp (serial:/dev/ttyUSB0 hoặc serial:COM3)', text);
    const q = queryParse(query);
    const baudRate = Number(q.get('baud') ?? 9600);
    if (!bauds.includes(baudRate)) bad(`Tốc độ baud không hỗ trợ: ${q.get('baud')}`, text);
    const parity = (q.get('parity') ?? 'none') as Parity;
    if (!['none', 'even', 'odd'].includes(parity)) bad(`Parity không hợp lệ: ${parity}`, text);
    const flow = (q.get('flow') ?? 'none') as FlowControl;
    if (!['none', 'rtscts', 'xonxoff'].includes(flow)) bad(`Điều khiển luồng không hợp lệ: ${flow}`, text);
    const dataBits = Number(q.get('dataBits') ?? 8);
    const stopBits = Number(q.get('stopBits') ?? 1);
    if (dataBits !== 7 && dataBits !== 8) bad('dataBits phải là 7 hoặc 8', text);
    if (stopBits !== 1 && stopBits !== 2) bad('stopBits phải là 1 hoặc 2', text);
    return { kind: 'serial', path, baudRate, parity, flow, dataBits, stopBits };
  }
  if (scheme === 'tcp') {
    const m = /^\/{0,2}([^:/]+):(\d{1,5})$/.exec(rest);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) bad('Địa chỉ máy in mạng phải có dạng tcp:<máy>:<cổng>, ví dụ tcp:192.168.1.50:9100', text);
    return { kind: 'tcp', host: m[1]!, port: Number(m[2]) };
  }
  if (scheme === 'spool') {
    if (!/^[\w.@ -]{1,127}$/.test(rest)) bad('Tên máy in trong hàng đợi hệ điều hành không hợp lệ', text);
    return { kind: 'spool', printer: rest };
  }
  if (scheme === 'file') {
    if (!rest) bad('Thiếu đường dẫn tệp', text);
    return { kind: 'file', path: rest };
  }
  return bad('Máy in phải có dạng serial:…, tcp:…, spool:… hoặc file:…', text);
}

export function printerTargetFormat(t: PrinterTarget): string {
  switch (t.kind) {
    case 'serial':
      return `serial:${t.path}?baud=${t.baudRate}${t.parity !== 'none' ? `&parity=${t.parity}` : ''}${t.flow !== 'none' ? `&flow=${t.flow}` : ''}`;
    case 'tcp':
      return `tcp:${t.host}:${t.port}`;
    case 'spool':
      return `spool:${t.printer}`;
    case 'file':
      return `file:${t.path}`;
  }
}
