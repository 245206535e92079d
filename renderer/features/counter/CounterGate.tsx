import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { combineLatest, debounceTime } from 'rxjs';
import { errorBodyOf } from '../../../shared/contract/errors.js';
import { pendingStates } from '../../db/database.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { Recovery } from '../backup/Recovery.js';
import { counterSessionOpen } from './counterSession.js';
import { pendingReport } from '../../sync/pendingReport.js';
import { syncRuntimeStart } from '../../sync/runtime.js';

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
    // A repair that fails means the database cannot be trusted: offer recovery.
    session?.repaired.catch((err: unknown) => setError(errorBodyOf(err)));
  }, [session, setError]);
  useEffect(() => {
    // The status bar's pending count: events still waiting for the server (quarantined ones are
    // counted apart, in the status bar's quarantine list).
    if (!session) return undefined;
    // One index count per pending state (a count over `$in` or `$ne` would read rows).
    const counts = pendingStates.map((syncState) => session.db.events.count({ selector: { syncState } }).$);
    // (Settled first: a record moving from one state to the next changes two counts.)
    const sub = combineLatest(counts).pipe(debounceTime(50)).subscribe((perState) => {
      const pending = perState.reduce((a, b) => a + b, 0);
      setPendingSync(pending);
      pendingReport(pending);
    });
    return () => sub.unsubscribe();
  }, [session, setPendingSync]);
  const serverUrl = useAppStore((s) => s.status?.settings?.serverUrl);
  const workstationId = useAppStore((s) => s.status?.settings?.workstationId);
  useEffect(() => {
    // Replication to the provincial server (issue 6), once the database is open.
    if (session) syncRuntimeStart(session, serverUrl, workstationId);
  }, [session, serverUrl, workstationId]);
  if (error) {
    // The database (or the rule packs / key it needs) could not be opened: offer recovery.
    return (
      <Recovery
        error={error}
        onRetry={() => {
          setError(null);
          counterSessionOpen().then(setSession, (err: unknown) => setError(errorBodyOf(err)));
        }}
      />
    );
  }
  if (!session) return <p className="muted">{t('common.loading')}</p>;
  return <>{children}</>;
}
