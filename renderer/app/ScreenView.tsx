import { useTranslation } from 'react-i18next';
import { navigationCommands } from '../commands/catalogue.js';
import { SetupScreen } from '../features/setup/SetupScreen.js';
import { useAppStore, type Screen } from '../stores/appStore.js';

/** Maps the current screen to its feature. Feature screens register here as they land. */
export function ScreenView({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'settings':
      return <SetupScreen />;
    default:
      return <Home />;
  }
}

function Home() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.status?.settings);
  return (
    <section className="home" data-testid="home">
      <h1>{t('home.welcome', { workstation: settings?.workstationName ?? '', unit: settings?.unitName ?? '' })}</h1>
      <ul className="shortcuts">
        {navigationCommands.map((c) => (
          <li key={c.id}>
            <kbd>{c.shortcut}</kbd> {t(c.labelKey)}
          </li>
        ))}
      </ul>
    </section>
  );
}
