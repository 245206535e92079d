import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores/appStore.js';
import { dong } from '../../ui/format.js';
import { Field } from '../../ui/Field.js';
import { draftFees, type Draft } from './draft.js';

const methods: Draft['payMethod'][] = ['cash', 'transfer', 'card', 'wallet'];

/** Fees, channel, how the result goes back (postal needs recorded consent) and the postal seal. */
export function StepFees({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const postalRole = useAppStore((s) => s.session?.role === 'postal');
  const fees = draftFees(draft);
  const total = fees.reduce((s, f) => s + f.amount, 0);
  return (
    <div className="form-grid">
      <h3>{t('counter.intake.feesTitle')}</h3>
      <ul className="fees">
        {fees.map((f) => (
          <li key={f.code}>
            {f.name}: <strong>{dong(f.amount)}</strong>
          </li>
        ))}
        <li>
          {t('counter.intake.total')}: <strong data-testid="fee-total">{dong(total)}</strong>
        </li>
      </ul>
      {total > 0 && (
        <div className="inline">
          <label>
            <input type="checkbox" checked={draft.paidNow} onChange={(e) => set({ paidNow: e.target.checked })} /> {t('counter.intake.paidNow')}
          </label>
          <select aria-label={t('counter.intake.method')} value={draft.payMethod} onChange={(e) => set({ payMethod: e.target.value as Draft['payMethod'] })}>
            {methods.map((m) => (
              <option key={m} value={m}>
                {t(`counter.intake.methods.${m}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset className="inline">
        <legend>{t('counter.intake.channel')}</legend>
        {([1, 2, 3] as const).map((c) => (
          <label key={c}>
            <input type="radio" name="channel" checked={draft.channel === c} disabled={postalRole && c !== 3} onChange={() => set({ channel: c })} /> {t(`counter.intake.channels.${c}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="inline">
        <legend>{t('counter.intake.delivery')}</legend>
        {(['counter', 'postal'] as const).map((d) => (
          <label key={d}>
            <input type="radio" name="delivery" checked={draft.delivery === d} onChange={() => set({ delivery: d })} /> {t(`counter.intake.deliveries.${d}`)}
          </label>
        ))}
      </fieldset>
      {draft.delivery === 'postal' && (
        <>
          <label>
            <input type="checkbox" checked={draft.consent} onChange={(e) => set({ consent: e.target.checked })} /> {t('counter.intake.consent')}
          </label>
          <Field id="deliveryAddress" label={t('counter.intake.deliveryAddress')} value={draft.deliveryAddress} onChange={(e) => set({ deliveryAddress: e.target.value })} />
        </>
      )}
      {draft.channel === 3 && (
        <>
          <Field id="sealNumber" label={t('counter.intake.sealNumber')} value={draft.sealNumber} onChange={(e) => set({ sealNumber: e.target.value })} />
          <Field id="postOffice" label={t('counter.intake.postOffice')} value={draft.postOffice} onChange={(e) => set({ postOffice: e.target.value })} />
        </>
      )}
    </div>
  );
}
