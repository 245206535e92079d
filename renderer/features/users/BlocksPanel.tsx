import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invokeResult } from '../../ipc/client.js';

/**
 * The block of the daily dossier sequence this workstation issues codes from. The provincial
 * server assigns blocks at sync; without a server, the administrator gives each counter its own
 * range (Quầy 1: 1–999, Quầy 2: 1000–1999 …) so offline codes never collide.
 */
export function BlocksPanel() {
  const { t } = useTranslation();
  const [from, setFrom] = useState('1');
  const [to, setTo] = useState('999');
  const [message, setMessage] = useState<string | null>(null);
  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    const r = await invokeResult('blocks:set', { from: Number(from), to: Number(to) });
    setMessage(r.ok ? t('blocks.saved', { from: r.value.from, to: r.value.to }) : r.error.message);
  }
  return (
    <form className="panel wide form-grid" onSubmit={(e) => void save(e)} aria-label={t('blocks.title')}>
      <h2>{t('blocks.title')}</h2>
      <p className="muted">{t('blocks.intro')}</p>
      <div className="field">
        <label htmlFor="block-from">{t('blocks.from')}</label>
        <input id="block-from" inputMode="numeric" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="block-to">{t('blocks.to')}</label>
        <input id="block-to" inputMode="numeric" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <div className="field">
        <button type="submit">{t('blocks.save')}</button>
      </div>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
