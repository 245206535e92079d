import type { ReactNode } from 'react';
import { prerender } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { PrinterSettings } from './PrinterSettings.js';
import { printerFormDefault, printerFormFrom, printerFormSettings } from './printerForm.js';
import { printerProfileInfo, printerProfiles } from '../../../shared/escpos/profiles.js';

const never = () => new Promise<never>(() => {});
async function html(node: ReactNode): Promise<string> {
  const { prelude } = await prerender(node);
  return new Response(prelude).text();
}
const profiles = printerProfiles.map(printerProfileInfo);

describe('printer settings form', () => {
  it('round-trips saved settings through the form for serial, network and spooler printers', () => {
    for (const s of [
      { target: 'serial:/dev/ttyUSB0?baud=115200&flow=rtscts', profile: 'xprinter-58', mode: 'glyph' as const, copies: 2 as const, statusCheck: false, paperDots: 384 as const },
      { target: 'tcp:192.168.1.50:9100', profile: 'epson-tm-t20', mode: 'auto' as const, copies: 1 as const, statusCheck: true },
      { target: 'spool:XP-80C', profile: 'xprinter-80', mode: 'auto' as const, copies: 1 as const, statusCheck: true },
    ]) {
      expect(printerFormSettings(printerFormFrom(s))).toEqual({ ok: true, value: s });
    }
  });

  it('explains an incomplete address in Vietnamese instead of saving it', () => {
    const r = printerFormSettings({ ...printerFormDefault(), kind: 'tcp', host: '', port: '9100' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/tcp:<máy>:<cổng>/);
  });

  it('renders the saved serial port, the profile list and the recent jobs', async () => {
    const markup = await html(
      <PrinterSettings
        ports={[{ path: '/dev/ttyUSB0', manufacturer: 'Prolific' }]}
        profiles={profiles}
        settings={{ target: 'serial:/dev/ttyUSB0?baud=9600', profile: 'sunmi-58', mode: 'auto', copies: 1, statusCheck: true }}
        jobs={[{ id: '1', dossierCode: '000.00.12.H29-261130-0007', target: 'x', mode: 'mixed', bytes: 1, state: 'failed', attempts: 4, error: { code: 'printer-paper-out', message: 'x' }, createdAt: '', updatedAt: '' }]}
        onRefreshPorts={() => {}}
        onSave={never}
        onStatus={never}
        onTestPrint={never}
      />,
    );
    expect(markup).toContain('Máy in giấy tiếp nhận');
    expect(markup).toContain('value="/dev/ttyUSB0"');
    expect(markup).toContain('Sunmi 58 mm');
    expect(markup).toContain('Tự chọn: Dòng có dấu in thành ảnh');
    expect(markup).not.toContain('Windows-1258');
    expect(markup).toContain('Máy in hết giấy');
    expect(markup).toContain('In thử');
  });
});
