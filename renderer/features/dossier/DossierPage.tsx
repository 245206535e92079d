import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands } from '../../../shared/contract/commands.js';
import { actionEventTypes, type ActionCommand } from '../../../shared/contract/dossier.js';
import type { DossierEvent } from '../../../shared/domain/lifecycle/events.js';
import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { transitionAllowed } from '../../../shared/domain/lifecycle/transitions.js';
import { isOverdue } from '../../db/worklists.js';
import type { PersonalData } from '../../db/dossierRepo.js';
import { useAppStore } from '../../stores/appStore.js';
import { syncReasonParse } from '../../sync/quarantine.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { dong, timeVn } from '../../ui/format.js';
import { dossierAct } from '../counter/dossierActions.js';
import { formPrint } from '../counter/dossierExport.js';
import { ClockBlock } from '../clock/ClockBlock.js';
import { ActionForm } from './ActionForm.js';
import { Timeline } from './Timeline.js';

const formsFor: { kind: '01' | '02' | '03' | '04' | 'control'; when: (p: DossierProjection) => boolean }[] = [
  { kind: '01', when: () => true },
  { kind: '02', when: (p) => p.supplements.length > 0 },
  { kind: '03', when: (p) => p.status === 'refused' },
  { kind: '04', when: (p) => p.apologyCount > 0 },
  { kind: 'control', when: () => true },
];

/** One dossier: its facts, its timeline, what can be done now (by this role), and its forms. */
/** The server's refusal: its code in words, then its own reason. */
function SyncReason({ text }: { text: string }) {
  const { t } = useTranslation();
  const { code, reason } = syncReasonParse(text);
  return (
    <span className="muted">
      {' — '}
      {code ? `${t(`sync.reject.${code}`)}: ${reason}` : reason}
    </span>
  );
}

export function DossierPage({ dossierId }: { dossierId: string }) {
  const { t } = useTranslation();
  const session = useCounterStore((s) => s.session);
  const openDossier = useCounterStore((s) => s.openDossier);
  const role = useAppStore((s) => s.session?.role);
  const settings = useAppStore((s) => s.status?.settings);
  const clockTrusted = useAppStore((s) => s.clock?.trusted ?? true);
  const [projection, setProjection] = useState<DossierProjection | null>(null);
  const [events, setEvents] = useState<DossierEvent[]>([]);
  const [personal, setPersonal] = useState<PersonalData | null>(null);
  const [syncState, setSyncState] = useState('local');
  const [syncReason, setSyncReason] = useState<string | null>(null);
  const [active, setActive] = useState<ActionCommand | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [apologyOffered, setApologyOffered] = useState(false);

  const load = useCallback(async () => {
    if (!session) return;
    const record = await session.repo.get(dossierId);
    setProjection(record?.projection ?? null);
    setSyncState(record?.syncState ?? 'local');
    setSyncReason(record?.syncReason ?? null);
    setEvents(await session.repo.events(dossierId));
    setPersonal(await session.repo.personal(dossierId));
  }, [session, dossierId]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    // Rebuilt when another counter's events arrive or the server refuses one of ours: show it.
    if (!session) return undefined;
    const sub = session.db.dossiers.findOne(dossierId).$.subscribe(() => void load());
    return () => sub.unsubscribe();
  }, [session, dossierId, load]);

  const overdue = projection ? isOverdue(projection, Date.now()) : false;
  useEffect(() => {
    // A late dossier offers the apology (Mẫu 04) without being asked.
    if (overdue && !apologyOffered && role === 'clerk') {
      setApologyOffered(true);
      setActive('dossier:apologise');
    }
  }, [overdue, apologyOffered, role]);

  if (!session || !projection) return <p className="muted">{t('common.loading')}</p>;

  const ratedStages = new Set(events.flatMap((e) => (e.type === 'rated' ? [e.payload.stage] : [])));
  const available = (Object.keys(actionEventTypes) as ActionCommand[]).filter((c) => {
    if (c === 'dossier:attachFile') return false;
    if (!role || !commands[c].roles?.includes(role)) return false;
    // One rating per dossier and stage; the counter asks after the return.
    if (c === 'dossier:rate') return projection.status === 'returned' && !ratedStages.has('return');
    if (c === 'dossier:requestPayment' && projection.fees.length === 0) return false;
    if (c === 'dossier:pay' && projection.fees.reduce((s, f) => s + f.amount, 0) <= projection.feesPaid) return false;
    return transitionAllowed(projection.status, actionEventTypes[c]);
  });

  async function act(command: ActionCommand, payload: unknown): Promise<void> {
    if (!session || !projection) return;
    try {
      await dossierAct(session, projection, command, payload as never);
      setActive(null);
      setProblem(null);
      await load();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  }

  async function printForm(kind: (typeof formsFor)[number]['kind']): Promise<void> {
    if (!session || !settings) return;
    const problem = await formPrint(session, dossierId, { code: settings.agencyCode, name: settings.unitName }, kind);
    if (problem) setProblem(problem);
  }

  return (
    <section className="dossier" data-testid="dossier-page">
      <button type="button" className="secondary" onClick={() => openDossier(null)}>
        ← {t('counter.dossier.back')} <kbd>Esc</kbd>
      </button>
      <h1>
        <code data-testid="dossier-code">{projection.code}</code> · <span data-testid="dossier-status">{t(`counter.status.${projection.status}`)}</span>
        {overdue && <span className="badge late">{t('counter.dossier.late')}</span>}
      </h1>
      <dl className="summary">
        <dt>{t('counter.dossier.procedure')}</dt>
        <dd>{projection.procedureName}</dd>
        <dt>{t('counter.dossier.applicant')}</dt>
        <dd>{projection.applicantName}</dd>
        <dt>{t('counter.dossier.personal')}</dt>
        <dd>{[personal?.idNumber, personal?.phone, personal?.address].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('counter.dossier.receivedAt')}</dt>
        <dd>{timeVn(projection.receivedAt)}</dd>
        <dt>{t('counter.dossier.dueAt')}</dt>
        <dd data-testid="dossier-due">{timeVn(projection.dueAt)}</dd>
        <dt>{t('counter.dossier.originalDueAt')}</dt>
        <dd>{timeVn(projection.originalDueAt)}</dd>
        <dt>{t('counter.intake.feesTitle')}</dt>
        <dd>
          {dong(projection.fees.reduce((s, f) => s + f.amount, 0))} ({dong(projection.feesPaid)})
        </dd>
        <dt>{t('counter.dossier.syncState')}</dt>
        <dd data-testid="dossier-sync">
          {t(`counter.sync.${syncState}`)}
          {syncState === 'rejected' && syncReason && <SyncReason text={syncReason} />}
        </dd>
        {projection.rating && (
          <>
            <dt>{t('counter.dossier.rate')}</dt>
            <dd>{t('counter.dossier.ratingDone', { score: projection.rating.score })}</dd>
          </>
        )}
      </dl>
      {overdue && (
        <p className="badge late" role="status" data-testid="apology-offer">
          {t('counter.dossier.lateOffer')}
        </p>
      )}
      <h2>{t('counter.dossier.actions')}</h2>
      {!clockTrusted && <ClockBlock />}
      <div className="actions wrap">
        {clockTrusted && available.map((c) => (
          <button key={c} type="button" className={active === c ? '' : 'secondary'} onClick={() => setActive(c)}>
            {t(`counter.dossier.act.${c}`)}
          </button>
        ))}
      </div>
      {active && available.includes(active) && (
        <ActionForm key={active} command={active} projection={projection} session={session} onSubmit={(payload) => act(active, payload)} onCancel={() => setActive(null)} />
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <h2>{t('counter.dossier.forms')}</h2>
      <div className="actions wrap">
        {formsFor.filter((f) => f.when(projection)).map((f) => (
          <button key={f.kind} type="button" className="secondary" onClick={() => void printForm(f.kind)}>
            {f.kind === 'control' ? 'Phiếu kiểm soát' : `Mẫu ${f.kind}`}
          </button>
        ))}
      </div>
      <h2>{t('counter.dossier.timeline')}</h2>
      <Timeline events={events} />
    </section>
  );
}
