import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../shared/contract/commands.js';
import { invoke, invokeResult, on } from '../../ipc/client.js';

type Device = ResultOf<'scan:devices'>['devices'][number];
export interface ScannedFile {
  name: string;
  mime: string;
  sha256: string;
  size: number;
  pages: number;
}

/**
 * Scans one component on the chosen scanner and turns the pages into a searchable PDF
 * (Vietnamese OCR, in the main process's workers). Scanner errors are shown in plain words.
 */
export function ScanButton({ dossierRef, componentCode, label, onDone }: { dossierRef: string; componentCode: string; label: string; onDone: (file: ScannedFile) => void }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [device, setDevice] = useState('');
  const [state, setState] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void invokeResult('scan:devices', {}).then((r) => {
      const list = r.ok ? r.value.devices : [];
      setDevices(list);
      setDevice(localStorage.getItem('motcua.scanner') ?? list[0]?.id ?? '');
    });
  }, []);

  async function scan(): Promise<void> {
    setError(null);
    localStorage.setItem('motcua.scanner', device);
    const jobId = crypto.randomUUID();
    const ended = new Promise<ResultOf<'scan:start'> & { pages: string[]; error?: string }>((resolve) => {
      const offProgress = on('scan:progress', (p) => p.jobId === jobId && setState(t('scan.pages', { n: p.pagesDone })));
      const offChanged = on('scan:changed', (c) => {
        if (c.jobId !== jobId) return;
        offProgress();
        offChanged();
        resolve({ jobId, pages: c.pages.map((p) => p.path), ...(c.error ? { error: `${c.error.code}: ${c.error.message}` } : {}) });
      });
    });
    const started = await invokeResult('scan:start', { deviceId: device, jobId, source: 'flatbed', dpi: 300, colorMode: 'gray' });
    if (!started.ok) return setError(`${started.error.code}: ${started.error.message}`);
    setState(t('scan.scanning'));
    const result = await ended;
    if (result.error || result.pages.length === 0) return setError(result.error ?? t('scan.noPages'));
    setState(t('scan.ocr'));
    const offOcr = on('ocr:progress', (p) => setState(t('scan.ocrProgress', { pct: Math.round(p.fraction * 100) })));
    try {
      const pdf = await invoke('ocr:makePdf', { pages: result.pages, dossierCode: dossierRef, componentCode, mode: 'gray' });
      onDone({ name: `${componentCode}.pdf`, mime: 'application/pdf', sha256: pdf.sha256, size: pdf.bytes, pages: pdf.pages });
      setState(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      offOcr();
    }
  }

  if (devices && devices.length === 0) return <span className="muted">{t('scan.none')}</span>;
  return (
    <span className="scan">
      <select aria-label={`${label}: ${t('scan.device')}`} value={device} onChange={(e) => setDevice(e.target.value)}>
        {(devices ?? []).map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" disabled={!device || state !== null} onClick={() => void scan()}>
        {t('scan.scan')}
      </button>
      {state && <span className="muted" role="status">{state}</span>}
      {error && <span className="error" role="alert">{error}</span>}
    </span>
  );
}
