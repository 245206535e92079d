import { useTranslation } from 'react-i18next';
import { cccdValidate } from '../../../shared/domain/cccd/cccdValidate.js';
import { Field } from '../../ui/Field.js';
import type { Draft } from './draft.js';

export function applicantCheck(draft: Draft): { idError?: string; idOk?: string; nameError?: string } {
  const out: { idError?: string; idOk?: string; nameError?: string } = {};
  if (draft.name.trim().length < 2) out.nameError = 'Nhập họ tên người nộp';
  if (draft.applicantKind === 'person' && draft.idNumber.trim()) {
    const birthYear = /^\d{4}$/.test(draft.birthYear) ? Number(draft.birthYear) : undefined;
    const r = cccdValidate(draft.idNumber.trim(), birthYear ? { birthYear } : {});
    if (!r.valid) out.idError = r.reason ?? 'Số CCCD không hợp lệ';
    else out.idOk = r.province ?? '';
  }
  return out;
}

/** The applicant, with the CCCD checked as it is typed (12 digits, province, century/gender vs year). */
export function StepApplicant({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const check = applicantCheck(draft);
  return (
    <div className="form-grid">
      <fieldset className="inline">
        {(['person', 'organisation'] as const).map((kind) => (
          <label key={kind}>
            <input type="radio" name="applicantKind" checked={draft.applicantKind === kind} onChange={() => set({ applicantKind: kind })} /> {t(`counter.intake.kind.${kind}`)}
          </label>
        ))}
      </fieldset>
      <Field id="name" label={t('counter.intake.name')} value={draft.name} autoFocus error={draft.name ? check.nameError : undefined} onChange={(e) => set({ name: e.target.value })} />
      <Field
        id="idNumber"
        label={t('counter.intake.idNumber')}
        inputMode="numeric"
        value={draft.idNumber}
        error={check.idError}
        hint={check.idOk !== undefined ? t('counter.intake.cccdOk', { province: check.idOk }) : undefined}
        onChange={(e) => set({ idNumber: e.target.value.replace(/\s/g, '') })}
      />
      {draft.applicantKind === 'person' && (
        <Field id="birthYear" label={t('counter.intake.birthYear')} inputMode="numeric" value={draft.birthYear} onChange={(e) => set({ birthYear: e.target.value })} />
      )}
      <Field id="address" label={t('counter.intake.address')} value={draft.address} onChange={(e) => set({ address: e.target.value })} />
      <Field id="phone" label={t('counter.intake.phone')} inputMode="tel" value={draft.phone} onChange={(e) => set({ phone: e.target.value })} />
      <Field id="email" label={t('counter.intake.email')} type="email" value={draft.email} onChange={(e) => set({ email: e.target.value })} />
    </div>
  );
}
