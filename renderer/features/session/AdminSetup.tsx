import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { newUserSchema } from '../../../shared/contract/session.js';
import { invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { Field } from '../../ui/Field.js';

const adminSchema = newUserSchema.pick({ username: true, displayName: true, password: true });
type AdminFields = 'username' | 'displayName' | 'password';

/** Second step of the first-run setup: the workstation's administrator. */
export function AdminSetup() {
  const { t } = useTranslation();
  const setStatus = useAppStore((s) => s.setStatus);
  const [values, setValues] = useState<Record<AdminFields, string>>({ username: '', displayName: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<AdminFields, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const parsed = adminSchema.safeParse(values);
    if (!parsed.success) {
      const next: Partial<Record<AdminFields, string>> = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as AdminFields] ??= issue.message;
      setErrors(next);
      return;
    }
    const created = await invokeResult('setup:admin', parsed.data);
    if (!created.ok) {
      setFailure(created.error.message);
      return;
    }
    const status = await invokeResult('app:status', {});
    if (status.ok) setStatus(status.value);
  }

  const fields: { key: AdminFields; type: string }[] = [
    { key: 'displayName', type: 'text' },
    { key: 'username', type: 'text' },
    { key: 'password', type: 'password' },
  ];
  return (
    <main className="setup">
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="admin-title">
        <h1 id="admin-title">{t('session.adminTitle')}</h1>
        <p className="muted">{t('session.adminIntro')}</p>
        {fields.map(({ key, type }, i) => (
          <Field
            key={key}
            id={`admin-${key}`}
            type={type}
            label={t(`session.${key}`)}
            error={errors[key]}
            value={values[key]}
            autoFocus={i === 0}
            onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          />
        ))}
        {failure && <p className="error" role="alert">{failure}</p>}
        <button type="submit">{t('session.adminCreate')}</button>
      </form>
    </main>
  );
}
