import { useTranslation } from 'react-i18next';
import { useAppStore } from '../stores/appStore.js';
import { QuarantineList, SyncNowButton } from '../sync/SyncControls.js';

export function StatusBar() {
  const { t } = useTranslation();
  const online = useAppStore((s) => s.online);
  const pending = useAppStore((s) => s.pendingSync);
  const settings = useAppStore((s) => s.status?.settings);
  return (
    <footer className="statusbar" aria-live="polite">
      <span className={online ? 'pill ok' : 'pill warn'} data-testid="net-state">
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span className="pill" data-testid="pending-sync">
        {t('status.pending', { count: pending })}
      </span>
      <SyncNowButton />
      <QuarantineList />
      {settings && <span className="muted">{t('status.workstation', { name: settings.workstationName })}</span>}
      {settings && <span className="muted">{settings.unitName}</span>}
    </footer>
  );
}
