import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorBodyOf } from '../../../shared/contract/errors.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { counterSessionOpen } from './counterSession.js';

/** Opens the workstation database and rule packs once someone is signed in; errors are shown, not swallowed. */
export function CounterGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const signedIn = useAppStore((s) => s.session?.userId);
  const { session, error, setSession, setError } = useCounterStore();
  const setPendingSync = useAppStore((s) => s.setPendingSync);
  useEffect(() => {
    if (!signedIn) return;
    counterSessionOpen().then(setSession, (err: unknown) => setError(errorBodyOf(err)));
  }, [signedIn, setSession, setError]);
  useEffect(() => {
    // The status bar's pending count: events this workstation has not had acknowledged yet.
    if (!session) return undefined;
    const sub = session.db.events.count({ selector: { syncState: { $ne: 'acknowledged' } } }).$.subscribe(setPendingSync);
    return () => sub.unsubscribe();
  }, [session, setPendingSync]);
  if (error) {
    return (
      <p className="error" role="alert" data-testid="counter-error">
        {error.code}: {error.message}
      </p>
    );
  }
  if (!session) return <p className="muted">{t('common.loading')}</p>;
  return <>{children}</>;
}
