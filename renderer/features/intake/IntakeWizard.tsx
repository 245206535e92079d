import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { AppError } from '../../../shared/contract/errors.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore, type HeldIntake } from '../../stores/counterStore.js';
import { Field } from '../../ui/Field.js';
import { dong, timeVn } from '../../ui/format.js';
import { draftFees, draftForProcedure, draftMissing, emptyDraft, type Draft } from './draft.js';
import { intakeSave, type IntakeOverride } from './intakeSave.js';
import { IntakeDone } from './IntakeDone.js';
import { applicantCheck, StepApplicant } from './StepApplicant.js';
import { StepComponents } from './StepComponents.js';
import { StepFees } from './StepFees.js';
import { durationText, StepProcedure } from './StepProcedure.js';

const steps = ['procedure', 'applicant', 'components', 'fees', 'preview'] as const;
type Step = (typeof steps)[number];

function stepProblem(step: Step, draft: Draft): string | null {
  if (step === 'procedure' && !draft.procedure) return 'Chọn thủ tục hành chính';
  if (step === 'applicant') {
    const c = applicantCheck(draft);
    return c.nameError ?? c.idError ?? null;
  }
  if (step === 'components') {
    const missing = draftMissing(draft);
    return missing.length ? `Còn thiếu thành phần bắt buộc: ${missing.join(', ')}` : null;
  }
  if (step === 'fees') {
    if (draft.delivery === 'postal' && !draft.consent) return 'Cần ghi nhận sự đồng ý nhận kết quả qua bưu chính';
    if (draft.delivery === 'postal' && !draft.deliveryAddress.trim()) return 'Nhập địa chỉ nhận kết quả';
    if (draft.channel === 3 && !draft.sealNumber.trim()) return 'Nhập số niêm phong bì hồ sơ';
  }
  return null;
}

function isStep(value: string): value is Step {
  return (steps as readonly string[]).includes(value);
}

/** The held intake if it is this person's; anyone else's is never shown (and is overwritten on mount). */
function heldFor(userId: string | undefined): HeldIntake | null {
  const held = useCounterStore.getState().intakeHeld;
  return held && held.ownerId === userId ? held : null;
}

/** Intake at the counter, keyboard first: Alt+→ next step, Alt+← back, Ctrl+Enter save. */
export function IntakeWizard() {
  const { t } = useTranslation();
  const session = useCounterStore((s) => s.session);
  const settings = useAppStore((s) => s.status?.settings);
  const postalRole = useAppStore((s) => s.session?.role === 'postal');
  // The person this intake belongs to, fixed when it starts: a held draft comes back only to them.
  const [owner] = useState(() => useAppStore.getState().session);
  const [resumed] = useState(() => heldFor(owner?.userId));
  const [draft, setDraft] = useState<Draft>(() => resumed?.draft ?? { ...emptyDraft, ref: `intake-${Date.now()}`, ...(postalRole ? { channel: 3 as const } : {}) });
  const [step, setStep] = useState<Step>(() => (resumed && isStep(resumed.step) ? resumed.step : 'procedure'));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<DossierProjection | null>(null);
  const [busy, setBusy] = useState(false);
  const [needsOverride, setNeedsOverride] = useState(false);
  const [override, setOverride] = useState<IntakeOverride>({ username: '', password: '', reason: '' });
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));
  const setIntakeDirty = useCounterStore((s) => s.setIntakeDirty);
  const dirty = saved === null && (draft.procedure !== null || draft.name.trim() !== '');
  useEffect(() => setIntakeDirty(dirty), [dirty, setIntakeDirty]);
  const intakeHold = useCounterStore((s) => s.intakeHold);
  useEffect(() => {
    // Kept outside the wizard so that the idle lock (which unmounts the shell) or a look at the
    // worklists does not lose the citizen's form; a saved intake leaves nothing behind.
    if (!owner) return;
    intakeHold(dirty ? { ownerId: owner.userId, ownerName: owner.userName, draft, step } : null);
  }, [dirty, draft, step, owner, intakeHold]);
  const index = steps.indexOf(step);

  function go(delta: 1 | -1): void {
    if (delta === 1) {
      const issue = stepProblem(step, draft);
      setProblem(issue);
      if (issue) return;
    } else setProblem(null);
    const next = steps[index + delta];
    if (next) setStep(next);
  }

  async function save(): Promise<void> {
    if (!session || !settings || busy) return;
    for (const s of steps) {
      const issue = stepProblem(s, draft);
      if (issue) {
        setStep(s);
        setProblem(issue);
        return;
      }
    }
    setBusy(true);
    try {
      setSaved(await intakeSave(session, draft, settings.agencyCode, needsOverride ? override : null));
      setProblem(null);
    } catch (err) {
      if (err instanceof AppError && err.code === 'procedure-unknown') setNeedsOverride(true);
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey && event.key === 'ArrowRight') go(1);
      else if (event.altKey && event.key === 'ArrowLeft') go(-1);
      else if (event.ctrlKey && event.key === 'Enter' && step === 'preview') void save();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!session) return null;
  if (saved) {
    return (
      <IntakeDone
        projection={saved}
        onNew={() => {
          setSaved(null);
          setDraft({ ...emptyDraft, ref: `intake-${Date.now()}`, ...(postalRole ? { channel: 3 as const } : {}) });
          setStep('procedure');
        }}
      />
    );
  }

  const fees = draftFees(draft);
  return (
    <section className="intake" data-testid="intake">
      <h1>{t('counter.intake.title')}</h1>
      <ol className="stepper">
        {steps.map((s, i) => (
          <li key={s} className={s === step ? 'current' : i < index ? 'done' : undefined}>
            {i + 1}. {t(`counter.intake.steps.${s}`)}
          </li>
        ))}
      </ol>
      <div className="panel wide">
        {step === 'procedure' && (
          <StepProcedure
            procedures={session.catalogue.procedures}
            selected={draft.procedure}
            sample={session.catalogue.sample}
            onPick={(p) => {
              setDraft((d) => draftForProcedure(d, p));
              setProblem(null);
              setStep('applicant');
            }}
          />
        )}
        {step === 'applicant' && <StepApplicant draft={draft} set={set} />}
        {step === 'components' && <StepComponents draft={draft} set={set} />}
        {step === 'fees' && <StepFees draft={draft} set={set} />}
        {step === 'preview' && draft.procedure && (
          <dl className="summary" data-testid="intake-preview">
            <dt>{t('counter.dossier.procedure')}</dt>
            <dd>
              {draft.procedure.name} ({durationText(draft.procedure)})
            </dd>
            <dt>{t('counter.dossier.applicant')}</dt>
            <dd>
              {draft.name} {draft.idNumber && `· ${draft.idNumber}`}
            </dd>
            <dt>{t('counter.intake.steps.components')}</dt>
            <dd>{draft.components.filter((c) => c.present).map((c) => `${c.name} (${c.quantity})`).join('; ') || '—'}</dd>
            <dt>{t('counter.intake.feesTitle')}</dt>
            <dd>{dong(fees.reduce((s, f) => s + f.amount, 0))}</dd>
            <dt>{t('counter.intake.delivery')}</dt>
            <dd>{t(`counter.intake.deliveries.${draft.delivery}`)}</dd>
          </dl>
        )}
        {needsOverride && step === 'preview' && (
          <fieldset className="override">
            <legend>{t('counter.intake.override')}</legend>
            <Field id="ovUser" label={t('counter.intake.overrideUser')} value={override.username} onChange={(e) => setOverride({ ...override, username: e.target.value })} />
            <Field id="ovPass" type="password" label={t('counter.intake.overridePassword')} value={override.password} onChange={(e) => setOverride({ ...override, password: e.target.value })} />
            <Field id="ovReason" label={t('counter.intake.overrideReason')} value={override.reason} onChange={(e) => setOverride({ ...override, reason: e.target.value })} />
          </fieldset>
        )}
        {problem && (
          <p className="error" role="alert" data-testid="intake-problem">
            {problem}
          </p>
        )}
      </div>
      <div className="actions">
        {index > 0 && (
          <button type="button" className="secondary" onClick={() => go(-1)}>
            {t('counter.intake.back')} <kbd>Alt+←</kbd>
          </button>
        )}
        {step !== 'preview' && step !== 'procedure' && (
          <button type="button" onClick={() => go(1)}>
            {t('counter.intake.next')} <kbd>Alt+→</kbd>
          </button>
        )}
        {step === 'preview' && (
          <button type="button" disabled={busy} onClick={() => void save()}>
            {t('counter.intake.save')} <kbd>Ctrl+Enter</kbd>
          </button>
        )}
      </div>
      {saved === null && draft.procedure && step !== 'procedure' && (
        <p className="muted">
          {draft.procedure.name} · {timeVn(new Date().toISOString())}
        </p>
      )}
    </section>
  );
}
