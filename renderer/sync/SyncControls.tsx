import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCounterStore } from '../stores/counterStore.js';
import { timeVn } from '../ui/format.js';
import { quarantineCount$, quarantineList, type QuarantineRow } from './quarantine.js';
import { syncRuntimeNow, useSyncStore } from './runtime.js';

// Status-bar controls: "Đồng bộ ngay", and the quarantine list — records the provincial server
// refused, with its reason (quarantine.ts). Everyone signed in at the counter sees it: the clerk
// whose action was refused, and the supervisor.

export function SyncNowButton() {
  const { t } = useTranslation();
  const busy = useSyncStore((s) => s.busy);
  const running = useSyncStore((s) => s.running);
  return (
    <button type="button" className="pill" data-testid="sync-now" disabled={busy || !running} onClick={() => void syncRuntimeNow()}>
      {busy ? t('sync.busy') : t('sync.now')}
    </button>
  );
}

function QuarantineTable({ rows }: { rows: QuarantineRow[] }) {
  const { t } = useTranslation();
  return (
    <table>
      <thead>
        <tr>
          <th>{t('sync.quarantine.dossier')}</th>
          <th>{t('sync.quarantine.what')}</th>
          <th>{t('sync.quarantine.reason')}</th>
          <th>{t('sync.quarantine.at')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.collection}/${row.id}`} data-testid="quarantine-row" data-dossier={row.dossierCode ?? ''} data-code={row.code ?? ''}>
            <td className="nowrap">{row.dossierCode ?? t('sync.quarantine.unknownDossier')}</td>
            <td>{row.eventType ? t(`counter.event.${row.eventType}`) : t('sync.quarantine.file', { name: row.fileName ?? '' })}</td>
            <td>
              {row.code && <strong>{t(`sync.reject.${row.code}`)}</strong>}
              {row.code && row.reason && ' — '}
              {row.reason}
            </td>
            <td className="nowrap">{timeVn(row.at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function QuarantineList() {
  const { t } = useTranslation();
  const db = useCounterStore((s) => s.session?.db);
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<QuarantineRow[]>([]);
  useEffect(() => {
    if (!db) return undefined;
    const sub = quarantineCount$(db).subscribe(setCount);
    return () => sub.unsubscribe();
  }, [db]);
  useEffect(() => {
    if (!open || !db) return;
    let live = true;
    void quarantineList(db).then((list) => {
      if (live) setRows(list);
    });
    return () => {
      live = false;
    };
  }, [open, db, count]);
  if (!db || count === 0) return null;
  return (
    <>
      <button type="button" className="pill warn" data-testid="quarantine" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('sync.quarantine.button', { count })}
      </button>
      {open && (
        <section className="quarantine" role="dialog" aria-label={t('sync.quarantine.title')} data-testid="quarantine-list">
          <h2>{t('sync.quarantine.title')}</h2>
          <p className="muted">{t('sync.quarantine.intro')}</p>
          <QuarantineTable rows={rows} />
          <div className="actions">
            <button type="button" onClick={() => setOpen(false)}>{t('sync.quarantine.close')}</button>
          </div>
        </section>
      )}
    </>
  );
}
