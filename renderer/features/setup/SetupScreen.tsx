import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsSchema, type Settings } from '../../../shared/contract/app.js';
import { invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { Field } from '../../ui/Field.js';

type Errors = Partial<Record<keyof Settings, string>>;

const fields: { key: keyof Settings; type?: string }[] = [
  { key: 'agencyCode' },
  { key: 'unitName' },
  { key: 'workstationName' },
  { key: 'serverUrl', type: 'url' },
];

/** First-run setup: validated here with the contract's schema and again by the router. */
export function SetupScreen() {
  const { t } = useTranslation();
  const previous = useAppStore((s) => s.status?.settings);
  const setStatus = useAppStore((s) => s.setStatus);
  const [values, setValues] = useState<Settings>({
    agencyCode: previous?.agencyCode ?? '',
    unitName: previous?.unitName ?? '',
    workstationName: previous?.workstationName ?? '',
    serverUrl: previous?.serverUrl ?? '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const parsed = settingsSchema.safeParse(values);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof Settings] ??= issue.message;
      setErrors(next);
      document.getElementById(Object.keys(next)[0] ?? '')?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    const saved = await invokeResult('setup:save', parsed.data);
    setBusy(false);
    if (!saved.ok) {
      setFailure(`${saved.error.code}: ${saved.error.message}`);
      return;
    }
    const status = await invokeResult('app:status', {});
    if (status.ok) setStatus(status.value);
  }

  return (
    <main className="setup">
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p className="muted">{t('setup.intro')}</p>
        {fields.map(({ key, type }, index) => (
          <Field
            key={key}
            id={key}
            type={type ?? 'text'}
            label={t(`setup.${key}`)}
            hint={t(`setup.${key}Hint`)}
            error={errors[key]}
            value={values[key]}
            autoFocus={index === 0}
            onChange={(e) => {
              setValues({ ...values, [key]: e.target.value });
              if (errors[key]) setErrors({ ...errors, [key]: undefined });
            }}
          />
        ))}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('setup.saving') : t('setup.save')}
        </button>
      </form>
    </main>
  );
}
