import { useCallback, useEffect } from 'react';
import { invokeResult, on } from '../ipc/client.js';
import { SetupScreen } from '../features/setup/SetupScreen.js';
import { useAppStore } from '../stores/appStore.js';
import { FatalScreen } from '../ui/FatalScreen.js';
import { Shell } from './Shell.js';

/** Start-up: ask the main side for its status; a failure shows the fatal screen, never a blank app. */
export function App() {
  const { phase, fatal, setStatus, setFatal, resetup, setOnline } = useAppStore();

  const boot = useCallback(async () => {
    const status = await invokeResult('app:status', {});
    if (status.ok) setStatus(status.value);
    else setFatal(status.error);
  }, [setStatus, setFatal]);

  useEffect(() => {
    void boot();
    const offSettings = on('settings:changed', () => void boot());
    const online = (): void => setOnline(true);
    const offline = (): void => setOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      offSettings();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }, [boot, setOnline]);

  if (phase === 'loading') return <main className="loading" aria-busy="true" />;
  if (phase === 'fatal' && fatal) {
    return <FatalScreen error={fatal} onRetry={() => void boot()} {...(fatal.code === 'settings-corrupt' ? { onResetup: resetup } : {})} />;
  }
  if (phase === 'setup') return <SetupScreen />;
  return <Shell />;
}
