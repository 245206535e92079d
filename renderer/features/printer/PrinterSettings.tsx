import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Envelope } from '../../../shared/contract/errors.js';
import type { PrinterProfileInfo, PrinterSettings as Settings, PrinterState, PrintJobView, SerialPortInfo } from '../../../shared/contract/printer.js';
import { baudRates, printerFormFrom, printerFormSettings, type PrinterForm } from './printerForm.js';

// Receipt printer settings: how it is connected (serial port, network address or the OS
// spooler), which model (profile), paper width, print mode, copies; status check and a test
// page. All I/O through callbacks the lead wires to printer:list / printer:configure /
// printer:status / printer:testPrint (and printer:changed for the job list).

type PrintResult = { jobs: PrintJobView[]; mode: string; bytes: number; wireSeconds: number | null };

export interface PrinterSettingsProps {
  ports: SerialPortInfo[];
  profiles: PrinterProfileInfo[];
  settings: Settings | null;
  jobs?: PrintJobView[];
  onRefreshPorts: () => void;
  onSave: (settings: Settings) => Promise<Envelope<Settings>>;
  onStatus: (target: string) => Promise<Envelope<{ target: string; state: PrinterState; paperNearEnd: boolean }>>;
  onTestPrint: (settings: Settings) => Promise<Envelope<PrintResult>>;
}

const stateText: Record<PrinterState, [string, string]> = {
  ready: ['printer.ready', 'Máy in sẵn sàng'],
  'printer-offline': ['printer.offline', 'Máy in không phản hồi (tắt, rút cáp hoặc sai cổng/tốc độ)'],
  'printer-paper-out': ['printer.paperOut', 'Máy in hết giấy'],
  'printer-cover-open': ['printer.coverOpen', 'Nắp máy in đang mở'],
  unknown: ['printer.unknown', 'Không đọc được trạng thái qua hàng đợi in của hệ điều hành'],
};

const modeText: Record<string, string> = {
  text: 'Chữ, bảng mã Windows-1258 (nhỏ nhất)',
  glyph: 'Chữ + ký tự có dấu tải vào máy in',
  mixed: 'Dòng có dấu in thành ảnh',
  raster: 'Cả phiếu in thành ảnh (chậm)',
};

const jobStateText: Record<PrintJobView['state'], string> = { queued: 'Đang chờ', printing: 'Đang in', done: 'Đã in', failed: 'Lỗi' };

export function PrinterSettings(props: PrinterSettingsProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<PrinterForm>(() => printerFormFrom(props.settings, props.ports[0]?.path));
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof PrinterForm>(key: K, value: PrinterForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const profile = props.profiles.find((p) => p.name === form.profile);

  async function act(run: (s: Settings) => Promise<void>): Promise<void> {
    setError(null);
    setMessage(null);
    const s = printerFormSettings(form);
    if (!s.ok) return setError(s.error);
    setBusy(true);
    try {
      await run(s.value);
    } finally {
      setBusy(false);
    }
  }

  const save = () =>
    act(async (s) => {
      const r = await props.onSave(s);
      if (r.ok) setMessage(t('printer.saved', 'Đã lưu cài đặt máy in'));
      else setError(`${r.error.code}: ${r.error.message}`);
    });
  const status = () =>
    act(async (s) => {
      const r = await props.onStatus(s.target);
      if (!r.ok) return setError(`${r.error.code}: ${r.error.message}`);
      const [key, text] = stateText[r.value.state];
      const line = t(key, text) + (r.value.paperNearEnd ? ` · ${t('printer.nearEnd', 'sắp hết giấy')}` : '');
      if (r.value.state === 'ready' || r.value.state === 'unknown') setMessage(line);
      else setError(line);
    });
  const testPrint = () =>
    act(async (s) => {
      const r = await props.onTestPrint(s);
      if (!r.ok) return setError(`${r.error.code}: ${r.error.message}`);
      const wire = r.value.wireSeconds === null ? '' : `, ~${r.value.wireSeconds.toFixed(1)} s`;
      setMessage(`${t('printer.testQueued', 'Đã gửi trang in thử')} (${r.value.mode}, ${r.value.bytes} byte${wire})`);
    });

  return (
    <section className="printer-settings" aria-labelledby="printer-title">
      <h2 id="printer-title">{t('printer.title', 'Máy in giấy tiếp nhận')}</h2>
      <fieldset>
        <legend>{t('printer.connection', 'Kết nối')}</legend>
        {(['serial', 'tcp', 'spool'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="printer-kind" value={k} checked={form.kind === k} onChange={() => set('kind', k)} />
            {k === 'serial' ? t('printer.serial', 'Cổng nối tiếp / USB-serial') : k === 'tcp' ? t('printer.tcp', 'Mạng (cổng 9100)') : t('printer.spool', 'USB qua hàng đợi in')}
          </label>
        ))}
      </fieldset>
      {form.kind === 'serial' && (
        <div className="row">
          <label htmlFor="printer-port">{t('printer.port', 'Cổng')}</label>
          <input id="printer-port" list="printer-ports" value={form.serialPath} onChange={(e) => set('serialPath', e.target.value)} placeholder="/dev/ttyUSB0 hoặc COM3" />
          <datalist id="printer-ports">
            {props.ports.map((p) => (
              <option key={p.path} value={p.path}>{p.manufacturer ?? p.path}</option>
            ))}
          </datalist>
          <button type="button" className="secondary below-field" onClick={props.onRefreshPorts}>{t('printer.refresh', 'Tìm lại cổng')}</button>
          <label htmlFor="printer-baud">{t('printer.baud', 'Tốc độ (baud)')}</label>
          <select id="printer-baud" value={form.baud} onChange={(e) => set('baud', Number(e.target.value))}>
            {baudRates.map((b) => (
              <option key={b} value={b}>{b}</option>
            ))}
          </select>
          <label htmlFor="printer-parity">Parity</label>
          <select id="printer-parity" value={form.parity} onChange={(e) => set('parity', e.target.value as PrinterForm['parity'])}>
            <option value="none">none</option>
            <option value="even">even</option>
            <option value="odd">odd</option>
          </select>
          <label htmlFor="printer-flow">{t('printer.flow', 'Điều khiển luồng')}</label>
          <select id="printer-flow" value={form.flow} onChange={(e) => set('flow', e.target.value as PrinterForm['flow'])}>
            <option value="none">{t('printer.flowNone', 'không')}</option>
            <option value="rtscts">RTS/CTS</option>
            <option value="xonxoff">XON/XOFF</option>
          </select>
        </div>
      )}
      {form.kind === 'tcp' && (
        <div className="row">
          <label htmlFor="printer-host">{t('printer.host', 'Địa chỉ IP')}</label>
          <input id="printer-host" value={form.host} onChange={(e) => set('host', e.target.value)} placeholder="192.168.1.50" />
          <label htmlFor="printer-tcp-port">{t('printer.tcpPort', 'Cổng')}</label>
          <input id="printer-tcp-port" inputMode="numeric" value={form.port} onChange={(e) => set('port', e.target.value)} />
        </div>
      )}
      {form.kind === 'spool' && (
        <div className="row">
          <label htmlFor="printer-spool">{t('printer.spoolName', 'Tên máy in (Linux: lpstat -p; Windows: tên chia sẻ)')}</label>
          <input id="printer-spool" value={form.spoolName} onChange={(e) => set('spoolName', e.target.value)} />
        </div>
      )}
      <div className="row">
        <label htmlFor="printer-profile">{t('printer.model', 'Loại máy in')}</label>
        <select id="printer-profile" value={form.profile} onChange={(e) => setForm((f) => ({ ...f, profile: e.target.value, mode: 'auto' }))}>
          {props.profiles.map((p) => (
            <option key={p.name} value={p.name}>{p.label}</option>
          ))}
        </select>
        <label htmlFor="printer-paper">{t('printer.paper', 'Khổ giấy')}</label>
        <select id="printer-paper" value={form.paper} onChange={(e) => set('paper', e.target.value as PrinterForm['paper'])}>
          <option value="profile">{t('printer.paperProfile', 'Theo máy')} ({profile?.paperDots === 384 ? '58' : '80'} mm)</option>
          <option value="58">58 mm (384 điểm)</option>
          <option value="80">80 mm (576 điểm)</option>
        </select>
        <label htmlFor="printer-mode">{t('printer.mode', 'Cách in tiếng Việt')}</label>
        <select id="printer-mode" value={form.mode} onChange={(e) => set('mode', e.target.value as PrinterForm['mode'])}>
          <option value="auto">{`${t('printer.modeAuto', 'Tự chọn')}: ${modeText[profile?.defaultMode ?? ''] ?? ''}`}</option>
          {profile?.modes.map((m) => (
            <option key={m} value={m}>{modeText[m] ?? m}</option>
          ))}
        </select>
        <label htmlFor="printer-copies">{t('printer.copies', 'Số liên')}</label>
        <select id="printer-copies" value={form.copies} onChange={(e) => set('copies', e.target.value === '2' ? 2 : 1)}>
          <option value="1">1</option>
          <option value="2">2 (Lưu + Giao người nộp)</option>
        </select>
      </div>
      <label>
        <input type="checkbox" checked={form.statusCheck} onChange={(e) => set('statusCheck', e.target.checked)} />
        {t('printer.statusCheck', 'Hỏi trạng thái máy in (hết giấy, mở nắp) trước khi in')}
      </label>
      <div className="actions">
        <button type="button" disabled={busy} onClick={status}>{t('printer.check', 'Kiểm tra trạng thái')}</button>
        <button type="button" disabled={busy} onClick={testPrint}>{t('printer.test', 'In thử')}</button>
        <button type="button" disabled={busy} className="primary" onClick={save}>{t('printer.save', 'Lưu')}</button>
      </div>
      {message && <p role="status">{message}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {props.jobs && props.jobs.length > 0 && (
        <table className="printer-jobs">
          <caption>{t('printer.jobs', 'Lệnh in gần đây')}</caption>
          <tbody>
            {props.jobs.slice(-10).reverse().map((j) => (
              <tr key={j.id}>
                <td>{j.dossierCode}</td>
                <td>{jobStateText[j.state]}</td>
                <td>{j.error ? stateText[j.error.code as PrinterState]?.[1] ?? j.error.message : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
