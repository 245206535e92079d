import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { map } from 'rxjs';
import { isoFromDay, vnWall } from '../../../shared/domain/time/vnTime.js';
import type { DossierDoc } from '../../db/database.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { dateVn } from '../../ui/format.js';
import { useRxList } from '../counter/useRxList.js';

/** Sổ theo dõi hồ sơ: every dossier received in a period, in order of receipt; prints on A4 landscape. */
export function TrackingBook() {
  const { t } = useTranslation();
  const session = useCounterStore((s) => s.session);
  const openDossier = useCounterStore((s) => s.openDossier);
  const today = isoFromDay(vnWall(Date.now()).day);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const rows = useRxList<DossierDoc>(
    () =>
      session?.db.dossiers
        .find({ selector: { receivedAt: { $gte: `${from}T00:00:00+07:00`, $lt: `${to}T23:59:59+07:00` } }, sort: [{ receivedAt: 'asc' }], limit: 2000 })
        .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as DossierDoc))) ?? null,
    [session, from, to],
  );
  return (
    <section className="book" data-testid="book">
      <h1>{t('counter.book.title')}</h1>
      <div className="toolbar no-print">
        <label>
          {t('counter.book.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('counter.book.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('counter.book.print')}
        </button>
      </div>
      <table className="grid">
        <thead>
          <tr>
            {(['no', 'code', 'procedure', 'applicant', 'received', 'due', 'finished', 'returned', 'status'] as const).map((c) => (
              <th key={c}>{t(`counter.book.col.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((d, i) => (
            <tr key={d.id} onClick={() => openDossier(d.id)}>
              <td>{i + 1}</td>
              <td>
                <code>{d.code}</code>
              </td>
              <td>{d.procedureName}</td>
              <td>{d.applicantName}</td>
              <td>{dateVn(d.receivedAt)}</td>
              <td>{dateVn(d.dueAt)}</td>
              <td>{d.finishedAt ? dateVn(d.finishedAt) : ''}</td>
              <td>{d.returnedAt ? dateVn(d.returnedAt) : ''}</td>
              <td>{t(`counter.status.${d.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
