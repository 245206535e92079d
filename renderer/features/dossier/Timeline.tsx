import { useTranslation } from 'react-i18next';
import type { DossierEvent } from '../../../shared/domain/lifecycle/events.js';
import { useAppStore } from '../../stores/appStore.js';
import { timeVn } from '../../ui/format.js';

function detailOf(e: DossierEvent): string {
  switch (e.type) {
    case 'received':
      return `${e.payload.code} · ${e.payload.procedureName}`;
    case 'transferred':
      return e.payload.toUnit;
    case 'supplement-requested':
      return `${e.payload.reason}: ${e.payload.items.join(', ')}`;
    case 'apology-issued':
      return `${e.payload.reason} → ${timeVn(e.payload.newDueAt)}`;
    case 'payment-paid':
      return `${e.payload.amount.toLocaleString('vi-VN')} đ`;
    case 'returned':
      return e.payload.note ?? '';
    case 'withdrawn':
    case 'stopped':
    case 'refused':
      return e.payload.reason;
    case 'file-attached':
      return e.payload.name;
    case 'rated':
      return `${e.payload.score}/5`;
    default:
      return '';
  }
}

/** The dossier's events in order: when, what, who, at which workstation. */
export function Timeline({ events }: { events: DossierEvent[] }) {
  const { t } = useTranslation();
  const own = useAppStore((s) => s.status?.settings);
  // Other workstations are known here by id only (their names live on their own PCs).
  const where = (id: string): string => (id === own?.workstationId ? own.workstationName : t('counter.otherWorkstation', { id: id.slice(0, 8) }));
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((e) => (
        <li key={e.id} data-type={e.type}>
          <time>{timeVn(e.at)}</time> <strong>{t(`counter.event.${e.type}`)}</strong> <span className="muted">{detailOf(e)}</span>{' '}
          <span className="muted">— {e.actor.userName} · {where(e.actor.workstationId)}</span>
        </li>
      ))}
    </ol>
  );
}
