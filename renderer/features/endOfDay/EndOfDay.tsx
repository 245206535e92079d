import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isoFromDay, vnWall } from '../../../shared/domain/time/vnTime.js';
import { invoke, invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { dong, timeVn } from '../../ui/format.js';
import { pdfOpen } from '../counter/dossierExport.js';
import type { UploadRow } from '../../../shared/domain/report/uploads.js';
import { dvcqgDossiersCollect, endOfDayLoad, endOfDayTable, type EndOfDay as Day } from './endOfDayData.js';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The supervisor's end of day: per-clerk figures, money, due and late, uploads, indicators, sign-off, exports. */
export function EndOfDay() {
  const { t } = useTranslation();
  const session = useCounterStore((s) => s.session);
  const openDossier = useCounterStore((s) => s.openDossier);
  const clock = useAppStore((s) => s.clock);
  const settings = useAppStore((s) => s.status?.settings);
  const unitName = settings?.unitName ?? '';
  const today = isoFromDay(vnWall(Date.now()).day);
  const [date, setDate] = useState(today);
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [day, setDay] = useState<Day | null>(null);
  const [signed, setSigned] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [national, setNational] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    const own = { workstationId: settings?.workstationId ?? '', workstationName: settings?.workstationName ?? '', clock: clock ? { ...clock, override: clock.override ?? null } : null };
    void endOfDayLoad(session, own, date, from, date).then(setDay, (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
    void session.db.workstation.findOne(`signoff:${date}`).exec().then((d) => setSigned(d ? String(d.value.text) : null));
  }, [session, settings, clock, date, from]);

  if (problem && !day) return <p className="error" role="alert" data-testid="day-problem">{problem}</p>;
  if (!session || !day) return <p className="muted">{t('common.loading')}</p>;
  const table = endOfDayTable(unitName, day, from, date);
  const max = Math.max(1, ...day.report.clerks.map((c) => c.received));

  async function exportAs(kind: 'report:xlsx' | 'report:pdf'): Promise<void> {
    const file = await invokeResult(kind, table);
    if (file.ok) pdfOpen(file.value.dataBase64, file.value.fileName, kind === 'report:pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    else setProblem(file.error.message);
  }

  function clockText(c: UploadRow['clock']): string {
    if (!c) return '—';
    const off = c.offsetMs === null ? t('day.clockUnknown') : Math.abs(c.offsetMs) < 60_000 ? t('day.clockOk', { s: Math.round(Math.abs(c.offsetMs) / 1000) }) : t(c.offsetMs > 0 ? 'day.clockBehind' : 'day.clockAhead', { min: Math.round(Math.abs(c.offsetMs) / 60_000) });
    const override = c.override ? ` · ${t('day.clockOverride', { name: c.override.userName, reason: c.override.reason, until: timeVn(c.override.until) })}` : '';
    return `${off}${override}`;
  }

  async function exportNational(): Promise<void> {
    if (!session || !settings) return;
    const dossiers = await dvcqgDossiersCollect(session, from, date);
    const file = await invokeResult('report:dvcqg', { unitId: settings.agencyCode, from, to: date, dossiers });
    if (!file.ok) {
      setProblem(file.error.message);
      return;
    }
    pdfOpen(file.value.dataBase64, file.value.fileName, 'application/json');
    const held = file.value.held.map((h) => `${h.code ?? h.dossierId}: ${h.message}`);
    setNational([t('day.dvcqgDone', { accepted: file.value.accepted, held: held.length }), ...held].join('\n'));
  }

  async function signOff(): Promise<void> {
    if (!session) return;
    const summarySha256 = await sha256Hex(JSON.stringify(table));
    try {
      const stamp = await invoke('day:signOff', { date, summarySha256 });
      const text = t('day.signedBy', { name: stamp.actor.userName, at: timeVn(stamp.at) });
      await session.db.workstation.upsert({ key: `signoff:${date}`, value: { stamp, summarySha256, text }, updatedAt: stamp.at });
      setSigned(text);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  }

  const r = day.report;
  return (
    <section className="end-of-day" data-testid="end-of-day">
      <h1>{t('day.title')}</h1>
      <div className="toolbar">
        <label>
          {t('day.date')} <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t('day.kpiFrom')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <button type="button" className="secondary" onClick={() => void exportAs('report:xlsx')}>XLSX</button>
        <button type="button" className="secondary" onClick={() => void exportAs('report:pdf')}>PDF</button>
        <button type="button" className="secondary" title={t('day.dvcqgHint')} onClick={() => void exportNational()}>DVCQG</button>
      </div>
      {national && <p className="muted pre" role="status" data-testid="day-dvcqg">{national}</p>}
      <div className="cards">
        <div className="card"><span>{t('day.cash')}</span><strong data-testid="day-cash">{dong(r.cash)}</strong></div>
        <div className="card"><span>{t('day.cashless')}</span><strong>{dong(r.cashless)}</strong></div>
        <div className="card"><span>{t('day.dueTomorrow')}</span><strong>{r.dueTomorrow}</strong></div>
        <div className={r.overdue ? 'card late' : 'card'}><span>{t('day.overdue')}</span><strong data-testid="day-overdue">{r.overdue}</strong></div>
        <div className={day.uploads.everyoneUploaded ? 'card ok' : 'card late'}>
          <span>{t('day.uploaded')}</span>
          <strong data-testid="day-uploaded">{day.uploads.everyoneUploaded ? t('day.yes') : t('day.no')}</strong>
        </div>
      </div>
      {r.overdueList.length > 0 && (
        <>
          <h2>{t('day.overdueList')}</h2>
          <table className="grid" data-testid="day-overdue-list">
            <thead>
              <tr><th>{t('day.code')}</th><th>{t('day.applicant')}</th><th>{t('day.procedure')}</th><th>{t('day.dueAt')}</th></tr>
            </thead>
            <tbody>
              {r.overdueList.map((d) => (
                <tr key={d.id} data-code={d.code} tabIndex={0} onClick={() => openDossier(d.id)} onKeyDown={(e) => e.key === 'Enter' && openDossier(d.id)}>
                  <td>{d.code}</td><td>{d.applicantName}</td><td>{d.procedureName}</td><td className="late">{timeVn(d.dueAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>{t('day.byWorkstation')}</h2>
      {!day.serverReachable && <p className="warning">{t('day.serverAway')}</p>}
      <table className="grid" data-testid="day-workstations">
        <thead>
          <tr><th>{t('day.workstation')}</th><th>{t('day.pending')}</th><th>{t('day.lastReport')}</th><th>{t('day.clock')}</th></tr>
        </thead>
        <tbody>
          {day.uploads.rows.map((w) => (
            <tr key={w.workstationId} className={w.pending > 0 || w.silent ? 'late' : undefined} data-workstation={w.workstationName}>
              <td>{w.workstationName}</td>
              <td>{w.pending}</td>
              <td>
                {w.reportedAt ? t('day.reportedBy', { at: timeVn(w.reportedAt), name: w.userName ?? '' }) : t('day.thisPc')}
                {w.silent && <> · {t('day.silent')}</>}
              </td>
              <td className={w.clock && !w.clock.trusted ? 'late' : undefined}>{clockText(w.clock)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('day.byClerk')}</h2>
      <table className="grid" data-testid="day-clerks">
        <thead>
          <tr><th>{t('day.clerk')}</th><th>{t('day.received')}</th><th>{t('day.refused')}</th><th>{t('day.returned')}</th><th /></tr>
        </thead>
        <tbody>
          {r.clerks.map((c) => (
            <tr key={c.userId}>
              <td>{c.userName}</td><td>{c.received}</td><td>{c.refused}</td><td>{c.returned}</td>
              <td>
                <svg width="200" height="12" role="img" aria-label={`${c.received}`}>
                  <rect width={(200 * c.received) / max} height="12" fill="#0b5cad" />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('day.kpi')}</h2>
      <p className="muted">{table.subtitle}</p>
      <table className="grid">
        <tbody>
          {Object.entries(day.kpi).map(([id, k]) => (
            <tr key={id}><td>{id}</td><td>{k.name}</td><td>{k.numerator}/{k.denominator}</td><td>{k.rate ?? '—'}{k.rate !== null ? ' %' : ''}</td></tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {signed ? <p className="badge ok" data-testid="day-signed">{signed}</p> : <button type="button" onClick={() => void signOff()}>{t('day.signOff')}</button>}
      </div>
      {problem && <p className="error" role="alert">{problem}</p>}
    </section>
  );
}
