import { useEffect, useState } from 'react';
import { invoke } from '../ipc/client.js';
import { useTranslation } from 'react-i18next';
import { commandsFor, shortcutOf } from '../commands/catalogue.js';
import { useAppStore, type Screen } from '../stores/appStore.js';
import { useCounterStore } from '../stores/counterStore.js';
import { DraftGuard } from '../features/session/DraftGuard.js';
import { StatusBar } from '../ui/StatusBar.js';
import { ScreenView } from './ScreenView.js';

/** The workstation frame: navigation (keyboard first), the current screen, the status bar. */
export function Shell() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const session = useAppStore((s) => s.session);
  const setLocked = useAppStore((s) => s.setLocked);
  // Signing out with a half-filled intake asks first: the citizen is usually still at the counter.
  const [asking, setAsking] = useState(false);
  const signOut = (): void => {
    if (useCounterStore.getState().intakeDirty) setAsking(true);
    else void invoke('session:signOut', {});
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const command = commandsFor(useAppStore.getState().session?.role).find((c) => c.shortcut === shortcutOf(event));
      if (command?.screen) {
        event.preventDefault();
        const counter = useCounterStore.getState();
        counter.openDossier(null);
        // F2 again on a saved intake starts the next one; a half-filled one is kept.
        if (command.screen === 'intake' && useAppStore.getState().screen === 'intake' && !counter.intakeDirty) counter.intakeRestart();
        setScreen(command.screen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setScreen]);

  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="brand" onClick={() => setScreen('home')}>
          {t('app.name')} <small>{t('app.tagline')}</small>
        </button>
        <nav aria-label={t('nav.shortcuts')}>
          {commandsFor(session?.role).map((c) => (
            <button
              key={c.id}
              type="button"
              className={c.screen === screen ? 'nav active' : 'nav'}
              aria-current={c.screen === screen ? 'page' : undefined}
              onClick={() => {
                useCounterStore.getState().openDossier(null);
                setScreen(c.screen as Screen);
              }}
            >
              {t(c.labelKey)} <kbd>{c.shortcut}</kbd>
            </button>
          ))}
        </nav>
        {session && (
          <div className="who" data-testid="who">
            <span>
              {session.userName} <small className="muted">({t(`session.role.${session.role}`)})</small>
            </span>
            <button type="button" className="secondary" onClick={() => setLocked(true)}>
              {t('session.lock')} <kbd>Ctrl+L</kbd>
            </button>
            <button type="button" className="secondary" onClick={signOut}>
              {t('session.signOut')}
            </button>
          </div>
        )}
      </header>
      <div className="content">
        <ScreenView screen={screen} />
      </div>
      <StatusBar />
      {asking && (
        <DraftGuard
          title={t('draftGuard.signOutTitle')}
          message={t('draftGuard.signOutText')}
          onBack={() => setAsking(false)}
          onDiscard={() => {
            setAsking(false);
            useCounterStore.getState().intakeDiscard();
            void invoke('session:signOut', {});
          }}
        />
      )}
    </div>
  );
}
