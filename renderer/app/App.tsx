import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { errorBodyOf } from '../../shared/contract/errors.js';
import { invokeResult, on } from '../ipc/client.js';
import { AdminSetup } from '../features/session/AdminSetup.js';
import { SignInScreen } from '../features/session/SignInScreen.js';
import { useIdleLock } from '../features/session/useIdleLock.js';
import { SetupScreen } from '../features/setup/SetupScreen.js';
import { useAppStore } from '../stores/appStore.js';
import { FatalScreen } from '../ui/FatalScreen.js';

// The counter (its screens, RxDB) is a chunk of its own: the sign-in screen shows without it,
// and the chunk loads and the database opens while the person types. Not React.lazy: a
// Suspense boundary holds its first reveal back ~300 ms even when the chunk is already in.
let shellLoaded: ComponentType | null = null;
const shellLoad = () =>
  import('./Shell.js').then((m) => {
    shellLoaded = m.Shell;
    return m.Shell;
  });

/** After the screen on its way has been painted: loading and compiling a chunk must not delay it. */
function afterPaint(work: () => void): void {
  requestAnimationFrame(() => setTimeout(work, 0));
}

function databasePrepare(): void {
  void import('../features/counter/counterSession.js')
    .then((m) => m.databaseShared())
    // A database that cannot open is reported by the counter once signed in, with recovery.
    .catch(() => undefined);
}

/** The counter's chunk, asked for once the workstation is set up and the first screen is painted. */
function useShell(ready: boolean, onError: (err: unknown) => void): ComponentType | null {
  const [shell, setShell] = useState<ComponentType | null>(() => shellLoaded);
  useEffect(() => {
    if (shell || !ready) return;
    afterPaint(() => {
      shellLoad().then((loaded) => setShell(() => loaded), onError);
      databasePrepare();
    });
  }, [shell, ready, onError]);
  return shell;
}

/** Start-up: ask the main side for its status; a failure shows the fatal screen, never a blank app. */
export function App() {
  const { phase, fatal, status, session, locked, setStatus, setFatal, resetup, setOnline, setSession, setClock } = useAppStore();
  useIdleLock(status?.settings?.idleLockMinutes ?? 5);
  const Shell = useShell(phase === 'ready', useCallback((err: unknown) => setFatal(errorBodyOf(err)), [setFatal]));

  const boot = useCallback(async () => {
    const next = await invokeResult('app:status', {});
    if (!next.ok) {
      setFatal(next.error);
      return;
    }
    setStatus(next.value);
    const current = await invokeResult('session:current', {});
    if (current.ok) setSession(current.value);
    const link = await invokeResult('link:status', {});
    if (link.ok) setOnline(link.value.online);
    const clock = await invokeResult('clock:status', {});
    if (clock.ok) setClock(clock.value);
  }, [setStatus, setFatal, setSession, setOnline, setClock]);

  useEffect(() => {
    void boot();
    const offSettings = on('settings:changed', () => void boot());
    const offSession = on('session:changed', (s) => setSession(s));
    // "Online" means the provincial server answers, as the main process measures it.
    const offLink = on('link:changed', (link) => {
      setOnline(link.online);
      // A new server offset may make the clock trusted or untrusted.
      void invokeResult('clock:status', {}).then((c) => c.ok && setClock(c.value));
    });
    return () => {
      offSettings();
      offSession();
      offLink();
    };
  }, [boot, setOnline, setSession, setClock]);

  if (phase === 'loading') return <main className="loading" aria-busy="true" />;
  if (phase === 'fatal' && fatal) {
    return <FatalScreen error={fatal} onRetry={() => void boot()} {...(fatal.code === 'settings-corrupt' ? { onResetup: resetup } : {})} />;
  }
  if (phase === 'setup') return status?.configured && !status.hasUsers ? <AdminSetup /> : <SetupScreen />;
  if (!session) return <SignInScreen />;
  if (locked) return <SignInScreen lockedUser={session.userName} />;
  return Shell ? <Shell /> : <main className="loading" aria-busy="true" />;
}
