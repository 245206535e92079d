import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { debounceTime, from, merge, of, switchMap } from 'rxjs';
import type { DossierDoc } from '../../db/database.js';
import { dossierSearch, worklistCount, worklistIds, worklistQuery, type WorklistId } from '../../db/worklists.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { useRxList } from '../counter/useRxList.js';
import { DossierTable } from './DossierTable.js';

/** The clerk's day: received today, due today / tomorrow, overdue, awaiting supplement, result ready. */
export function Worklists() {
  const { t } = useTranslation();
  const session = useCounterStore((s) => s.session);
  const openDossier = useCounterStore((s) => s.openDossier);
  const { tab, query, counts } = useCounterStore((s) => s.worklist);
  const worklistSet = useCounterStore((s) => s.worklistSet);
  const setTab = (next: WorklistId): void => worklistSet({ tab: next });
  const setQuery = (next: string): void => worklistSet({ query: next });
  const search = useRef<HTMLInputElement>(null);
  const now = Date.now();
  // Busy while the start-up repair may still change a row (a fraction of a second).
  const [repairing, setRepairing] = useState(true);
  useEffect(() => {
    let live = true;
    const settle = (): void => {
      if (live) setRepairing(false);
    };
    session?.repaired.then(settle, settle);
    return () => {
      live = false;
    };
  }, [session]);

  const rows = useRxList<DossierDoc>(() => {
    if (!session) return null;
    if (query.trim()) return from(dossierSearch(session.db, query));
    // Re-run the index-exact worklist query on every change (local write or replicated pull).
    return merge(of(null), session.db.dossiers.$).pipe(
      debounceTime(30),
      switchMap(() => from(worklistQuery(session.db, tab, Date.now()))),
    );
  }, [session, tab, query]);

  useEffect(() => {
    if (!session) return undefined;
    const sub = merge(of(null), session.db.dossiers.$)
      .pipe(
        debounceTime(200),
        switchMap(() => from(Promise.all(worklistIds.map(async (id) => [id, await worklistCount(session.db, id, Date.now())] as const)))),
      )
      .subscribe((pairs) => worklistSet({ counts: Object.fromEntries(pairs) }));
    return () => sub.unsubscribe();
  }, [session, worklistSet]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && target.tagName !== 'INPUT' && target.tagName !== 'TEXTAREA') {
        event.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="worklists" data-testid="worklists" aria-busy={repairing}>
      <div className="toolbar">
        <input
          ref={search}
          type="search"
          aria-label={t('counter.worklist.search')}
          placeholder={t('counter.worklist.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="muted">{t('counter.worklist.hint')}</span>
      </div>
      {!query.trim() && (
        <div role="tablist" className="tabs">
          {worklistIds.map((id) => (
            <button key={id} role="tab" type="button" aria-selected={tab === id} className={tab === id ? 'nav active' : 'nav'} onClick={() => setTab(id)}>
              {t(`counter.worklist.${id}`)}{' '}
              {/* No figure until counted: a 0 shown while counting would be a wrong answer. */}
              {counts[id] !== undefined && <span className={id === 'overdue' && counts[id] > 0 ? 'badge late' : 'badge'}>{counts[id]}</span>}
            </button>
          ))}
        </div>
      )}
      {query.trim() && <h2>{t('counter.worklist.searchResults')}</h2>}
      {rows && <DossierTable rows={rows} now={now} onOpen={openDossier} />}
    </section>
  );
}
