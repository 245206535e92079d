import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsSchema, type Settings } from '../../../shared/contract/app.js';
import { invokeResult, on } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { Field } from '../../ui/Field.js';

type Errors = Partial<Record<keyof Settings, string>>;

const fields: { key: 'agencyCode' | 'unitName' | 'workstationName' | 'serverUrl'; type?: string }[] = [
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
    serverCaPem: previous?.serverCaPem ?? '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [linkOnline, setLinkOnline] = useState(false);

  // The main process checks the server after each save: show a refused certificate here, where
  // the administrator can pin the provincial CA.
  useEffect(() => {
    void invokeResult('link:status', {}).then((l) => {
      if (!l.ok) return;
      setLinkError(l.value.error);
      setLinkOnline(l.value.online);
    });
    return on('link:changed', (l) => {
      setLinkError(l.error);
      setLinkOnline(l.online);
    });
  }, []);

  async function caFileLoad(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    if (!file) return;
    const text = file.size <= 64 * 1024 ? await file.text() : '';
    setValues({ ...values, serverCaPem: text });
    setErrors({ ...errors, serverCaPem: undefined });
  }

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
    const { serverCaPem, ...rest } = parsed.data;
    const saved = await invokeResult('setup:save', serverCaPem ? { ...rest, serverCaPem } : rest);
    setBusy(false);
    if (!saved.ok) {
      // A pinned CA that is not a valid CA certificate is shown at its field.
      if (saved.error.code === 'server-ca-invalid') setErrors({ serverCaPem: saved.error.message });
      else setFailure(`${saved.error.code}: ${saved.error.message}`);
      return;
    }
    const status = await invokeResult('app:status', {});
    if (status.ok) setStatus(status.value);
  }

  return (
    <main className="setup">
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">{t(previous ? 'setup.titleConfigured' : 'setup.title')}</h1>
        <p className="muted">{t(previous ? 'setup.introConfigured' : 'setup.intro')}</p>
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
        <div className={errors.serverCaPem ? 'field invalid' : 'field'}>
          <label htmlFor="serverCaPem">{t('transport.caPem')}</label>
          <textarea
            id="serverCaPem"
            name="serverCaPem"
            rows={4}
            spellCheck={false}
            aria-invalid={errors.serverCaPem ? true : undefined}
            aria-describedby="serverCaPem-msg"
            value={values.serverCaPem ?? ''}
            onChange={(e) => {
              setValues({ ...values, serverCaPem: e.target.value });
              if (errors.serverCaPem) setErrors({ ...errors, serverCaPem: undefined });
            }}
          />
          <input type="file" accept=".pem,.crt,.cer" aria-label={t('transport.caFile')} onChange={(e) => void caFileLoad(e)} />
          <small id="serverCaPem-msg" className={errors.serverCaPem ? 'error' : 'hint'}>
            {errors.serverCaPem ?? t('transport.caPemHint')}
          </small>
        </div>
        {linkError === 'server-cert-untrusted' && (
          <p className="error" role="alert" data-testid="link-cert-untrusted">
            {t('transport.certUntrusted')}
          </p>
        )}
        {linkOnline && previous?.serverUrl?.startsWith('https://') && <p className="muted">{t('transport.linkOnline')}</p>}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('setup.saving') : t(previous ? 'setup.saveConfigured' : 'setup.save')}
        </button>
      </form>
    </main>
  );
}
