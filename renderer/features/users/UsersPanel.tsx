import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../shared/contract/define.js';
import type { UserSummary } from '../../../shared/contract/session.js';
import { invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { Field } from '../../ui/Field.js';

const blank = { username: '', displayName: '', password: '', pin: '', role: 'clerk' as Role };

/** People of this workstation (administrator): who may sign in, with which role, and a PIN for quick switching. */
export function UsersPanel() {
  const { t } = useTranslation();
  const unit = useAppStore((s) => s.status?.settings?.agencyCode ?? '');
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [form, setForm] = useState(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = async (): Promise<void> => {
    const list = await invokeResult('users:list', {});
    if (list.ok) setUsers(list.value);
  };
  useEffect(() => {
    void reload();
  }, []);
  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    const added = await invokeResult('users:add', { ...form, units: [unit], ...(form.pin ? { pin: form.pin } : { pin: undefined }) });
    if (!added.ok) {
      setProblem(added.error.message);
      return;
    }
    setProblem(null);
    setForm(blank);
    await reload();
  }
  return (
    <section className="panel wide" data-testid="users">
      <h2>{t('users.title')}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('session.displayName')}</th>
            <th>{t('session.username')}</th>
            <th>{t('users.role')}</th>
            <th>{t('session.pin')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.userId}>
              <td>{u.displayName}</td>
              <td>{u.username}</td>
              <td>{t(`session.role.${u.role}`)}</td>
              <td>{u.hasPin ? '✓' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void add(e)} className="form-grid" aria-label={t('users.add')}>
        <Field id="u-displayName" label={t('session.displayName')} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        <Field id="u-username" label={t('session.username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        <Field id="u-password" type="password" label={t('session.password')} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        <Field id="u-pin" type="password" inputMode="numeric" label={t('session.pin')} value={form.pin} onChange={(e) => setForm({ ...form, pin: e.target.value })} />
        <div className="field">
          <label htmlFor="u-role">{t('users.role')}</label>
          <select id="u-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`session.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit">{t('users.add')}</button>
        </div>
      </form>
      {problem && <p className="error" role="alert">{problem}</p>}
    </section>
  );
}
