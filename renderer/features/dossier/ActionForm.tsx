import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionCommand } from '../../../shared/contract/dossier.js';
import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { supplementReceivedPayload } from '../../../shared/domain/lifecycle/resume.js';
import { isoInstantParse, vnIsoFormat } from '../../../shared/domain/time/vnTime.js';
import type { CounterSession } from '../counter/counterSession.js';

type Values = Record<string, string>;

/** The fields each action asks for; the payload is built from them. */
const fieldsOf: Partial<Record<ActionCommand, { key: string; type?: 'textarea' | 'datetime' | 'select' | 'number'; options?: string[] }[]>> = {
  'dossier:transfer': [{ key: 'toUnit' }, { key: 'note' }],
  'dossier:requestSupplement': [{ key: 'reason' }, { key: 'items', type: 'textarea' }],
  'dossier:receiveSupplement': [{ key: 'note' }],
  'dossier:pay': [{ key: 'amount', type: 'number' }],
  'dossier:apologise': [{ key: 'reason' }, { key: 'newDueAt', type: 'datetime' }],
  'dossier:resultReady': [{ key: 'resultCode' }],
  'dossier:return': [{ key: 'collector' }, { key: 'authorisation' }],
  'dossier:withdraw': [{ key: 'reason' }],
  'dossier:stop': [{ key: 'reason' }],
  'dossier:refuse': [{ key: 'reason' }],
  'dossier:rate': [{ key: 'score', type: 'select', options: ['5', '4', '3', '2', '1'] }, { key: 'note' }],
};

const labelKey: Record<string, string> = {
  toUnit: 'counter.dossier.toUnit', note: 'counter.dossier.note', reason: 'counter.dossier.reason', items: 'counter.dossier.items',
  amount: 'counter.intake.total', newDueAt: 'counter.dossier.newDueAt', resultCode: 'counter.dossier.resultCode',
  collector: 'counter.dossier.collector', authorisation: 'counter.dossier.authorisation', score: 'counter.dossier.score',
};

const orNull = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);

/** Payload of an action from the form's values (validated again by the contract and the reducer). */
export function actionPayload(command: ActionCommand, v: Values, p: DossierProjection, session: CounterSession): unknown {
  switch (command) {
    case 'dossier:transfer':
      return { toUnit: v.toUnit?.trim() ?? '', note: orNull(v.note) };
    case 'dossier:requestSupplement':
      return { reason: v.reason?.trim() ?? '', items: (v.items ?? '').split('\n').map((s) => s.trim()).filter(Boolean) };
    case 'dossier:receiveSupplement':
      return supplementReceivedPayload(p, Date.now(), session.calendar, orNull(v.note));
    case 'dossier:requestPayment':
      return { fees: p.fees };
    case 'dossier:pay':
      return { amount: Number(v.amount ?? 0), method: 'cash', online: 0, receiptNo: null };
    case 'dossier:apologise':
      return { reason: v.reason?.trim() ?? '', newDueAt: v.newDueAt ? vnIsoFormat(isoInstantParse(`${v.newDueAt}:00+07:00`)) : '' };
    case 'dossier:resultReady':
      return { resultCode: orNull(v.resultCode), electronicResult: false };
    case 'dossier:return': {
      const note = [v.collector && `Người nhận: ${v.collector.trim()}`, v.authorisation && `Ủy quyền: ${v.authorisation.trim()}`].filter(Boolean).join('; ');
      return { delivery: 'counter', note: note || null };
    }
    case 'dossier:withdraw':
    case 'dossier:stop':
    case 'dossier:refuse':
      return { reason: v.reason?.trim() ?? '' };
    case 'dossier:rate':
      return { score: Number(v.score ?? 5), dislike: Number(v.score ?? 5) <= 2, stage: p.status === 'returned' ? 'return' : 'intake', comment: orNull(v.note) };
    default:
      return {};
  }
}

export function defaultsOf(command: ActionCommand, p: DossierProjection): Values {
  if (command === 'dossier:pay') return { amount: String(Math.max(0, p.fees.reduce((s, f) => s + f.amount, 0) - p.feesPaid)) };
  if (command === 'dossier:transfer') return { toUnit: p.agencyCode };
  if (command === 'dossier:rate') return { score: '5' };
  return {};
}

export function ActionForm({ command, projection, session, onSubmit, onCancel }: {
  command: ActionCommand;
  projection: DossierProjection;
  session: CounterSession;
  onSubmit: (payload: unknown) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => defaultsOf(command, projection));
  const fields = fieldsOf[command] ?? [];
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    await onSubmit(actionPayload(command, values, projection, session));
  }
  return (
    <form className="panel action-form" onSubmit={(e) => void submit(e)} aria-label={t(`counter.dossier.act.${command}`)}>
      <h3>{t(`counter.dossier.act.${command}`)}</h3>
      {fields.map((f, i) => {
        const id = `act-${f.key}`;
        const common = { id, name: f.key, autoFocus: i === 0, value: values[f.key] ?? '', onChange: (e: { target: { value: string } }) => setValues({ ...values, [f.key]: e.target.value }) };
        return (
          <div className="field" key={f.key}>
            <label htmlFor={id}>{t(labelKey[f.key] ?? f.key)}</label>
            {f.type === 'textarea' ? (
              <textarea rows={3} {...common} />
            ) : f.type === 'select' ? (
              <select {...common}>
                {f.options?.map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            ) : (
              <input type={f.type === 'datetime' ? 'datetime-local' : f.type === 'number' ? 'number' : 'text'} {...common} />
            )}
          </div>
        );
      })}
      <div className="actions">
        <button type="submit">{t('counter.dossier.confirm')}</button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('counter.dossier.cancel')}
        </button>
      </div>
    </form>
  );
}
