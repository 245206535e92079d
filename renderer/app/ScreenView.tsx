import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { commandsFor } from '../commands/catalogue.js';
import { ClockBlock } from '../features/clock/ClockBlock.js';
import { CounterGate } from '../features/counter/CounterGate.js';
import { DossierPage } from '../features/dossier/DossierPage.js';
import { TrackingBook } from '../features/book/TrackingBook.js';
import { EndOfDay } from '../features/endOfDay/EndOfDay.js';
import { IntakeWizard } from '../features/intake/IntakeWizard.js';
import { SetupScreen } from '../features/setup/SetupScreen.js';
import { PrinterPanel } from '../features/printer/PrinterPanel.js';
import { BackupSettings } from '../features/backup/BackupSettings.js';
import { BundlePanel } from '../features/bundle/BundlePanel.js';
import { BlocksPanel } from '../features/users/BlocksPanel.js';
import { UsersPanel } from '../features/users/UsersPanel.js';
import { Worklists } from '../features/worklists/Worklists.js';
import { useAppStore, type Screen } from '../stores/appStore.js';
import { useCounterStore } from '../stores/counterStore.js';

/** Maps the current screen to its feature. An open dossier sits over the lists until Esc. */
export function ScreenView({ screen }: { screen: Screen }) {
  const openDossierId = useCounterStore((s) => s.openDossierId);
  const openDossier = useCounterStore((s) => s.openDossier);
  const intakeNonce = useCounterStore((s) => s.intakeNonce);
  const role = useAppStore((s) => s.session?.role);
  const clockTrusted = useAppStore((s) => s.clock?.trusted ?? true);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && openDossierId) openDossier(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openDossierId, openDossier]);

  if (screen === 'settings') {
    return (
      <>
        <SetupScreen />
        {role === 'admin' && <UsersPanel />}
        {(role === 'admin' || role === 'supervisor') && <BlocksPanel />}
        {role && <PrinterPanel />}
        {role && role !== 'postal' && <BackupSettings />}
        {role && <BundlePanel />}
      </>
    );
  }
  if (screen === 'home') return <Home />;
  return (
    <CounterGate>
      {openDossierId && screen !== 'intake' ? (
        <DossierPage key={openDossierId} dossierId={openDossierId} />
      ) : screen === 'intake' ? (
        clockTrusted ? <IntakeWizard key={intakeNonce} /> : <ClockBlock />
      ) : screen === 'book' ? (
        <TrackingBook />
      ) : screen === 'day' ? (
        <EndOfDay />
      ) : (
        <Worklists />
      )}
    </CounterGate>
  );
}

function Home() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.status?.settings);
  return (
    <section className="home" data-testid="home">
      <h1>{t('home.welcome', { workstation: settings?.workstationName ?? '', unit: settings?.unitName ?? '' })}</h1>
      <ul className="shortcuts">
        {commandsFor(useAppStore.getState().session?.role).map((c) => (
          <li key={c.id}>
            <kbd>{c.shortcut}</kbd> {t(c.labelKey)}
          </li>
        ))}
      </ul>
    </section>
  );
}
