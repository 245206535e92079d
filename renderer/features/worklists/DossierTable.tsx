import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierDoc } from '../../db/database.js';
import { isOverdue } from '../../db/worklists.js';
import { timeVn } from '../../ui/format.js';

/** A dossier list for the keyboard: ↑/↓ move between rows, Enter opens one. */
export function DossierTable({ rows, onOpen, now }: { rows: DossierDoc[]; onOpen: (id: string) => void; now: number }) {
  const { t } = useTranslation();
  const body = useRef<HTMLTableSectionElement>(null);
  function onKey(event: KeyboardEvent<HTMLTableRowElement>, index: number, id: string): void {
    const rowsEl = body.current?.querySelectorAll<HTMLTableRowElement>('tr');
    if (event.key === 'ArrowDown') rowsEl?.[Math.min(index + 1, rows.length - 1)]?.focus();
    else if (event.key === 'ArrowUp') rowsEl?.[Math.max(index - 1, 0)]?.focus();
    else if (event.key === 'Enter') onOpen(id);
    else return;
    event.preventDefault();
  }
  if (rows.length === 0) return <p className="muted">{t('counter.worklist.empty')}</p>;
  return (
    <table className="grid" data-testid="dossier-table">
      <thead>
        <tr>
          <th>{t('counter.worklist.col.code')}</th>
          <th>{t('counter.worklist.col.procedure')}</th>
          <th>{t('counter.worklist.col.applicant')}</th>
          <th>{t('counter.worklist.col.received')}</th>
          <th>{t('counter.worklist.col.due')}</th>
          <th>{t('counter.worklist.col.status')}</th>
          <th>{t('counter.worklist.col.sync')}</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {rows.map((d, i) => (
          <tr key={d.id} tabIndex={0} onKeyDown={(e) => onKey(e, i, d.id)} onDoubleClick={() => onOpen(d.id)} onClick={() => onOpen(d.id)} data-code={d.code}>
            <td>
              <code>{d.code}</code>
            </td>
            <td>{d.procedureName}</td>
            <td>{d.applicantName}</td>
            <td>{timeVn(d.receivedAt)}</td>
            <td>
              {timeVn(d.dueAt)} {isOverdue(d, now) && <span className="badge late">{t('counter.dossier.late')}</span>}
            </td>
            <td>{t(`counter.status.${d.status}`)}</td>
            <td>
              <span className={d.syncState === 'rejected' ? 'badge late' : d.syncState === 'acknowledged' ? 'badge ok' : 'badge'}>
                {t(`counter.sync.${d.syncState}`)}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
