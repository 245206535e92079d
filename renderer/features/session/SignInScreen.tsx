import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { Field } from '../../ui/Field.js';

/**
 * Sign-in (works offline against the workstation's hashes) and, when `lockedUser` is given,
 * the unlock form of the idle lock: same screen, nothing personal behind it.
 */
export function SignInScreen({ lockedUser }: { lockedUser?: string | undefined }) {
  const { t } = useTranslation();
  const setSession = useAppStore((s) => s.setSession);
  const unit = useAppStore((s) => s.status?.settings?.unitName);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pinUser, setPinUser] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [switchable, setSwitchable] = useState<{ userId: string; displayName: string }[]>([]);

  useEffect(() => {
    void invoke('users:switchable', {}).then(setSwitchable, () => setSwitchable([]));
  }, []);

  async function signIn(event: FormEvent): Promise<void> {
    event.preventDefault();
    const result = await invokeResult('session:signIn', { username, password });
    setPassword('');
    if (result.ok) setSession(result.value);
    else setError(result.error.message);
  }

  async function pinSwitch(event: FormEvent): Promise<void> {
    event.preventDefault();
    const result = await invokeResult('session:pinSwitch', { userId: pinUser, pin });
    setPin('');
    if (result.ok) setSession(result.value);
    else setError(result.error.message);
  }

  return (
    <main className="setup" data-testid="signin">
      <div className="panel">
        <h1>{lockedUser ? t('session.lockedTitle') : t('session.title')}</h1>
        <p className="muted">{lockedUser ? t('session.lockedIntro', { name: lockedUser }) : unit}</p>
        <form onSubmit={(e) => void signIn(e)} aria-label={t('session.title')}>
          <Field id="username" label={t('session.username')} value={username} autoFocus autoComplete="username" onChange={(e) => setUsername(e.target.value)} />
          <Field id="password" type="password" label={t('session.password')} value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
          <button type="submit">{t('session.signIn')}</button>
        </form>
        {switchable.length > 0 && (
          <form onSubmit={(e) => void pinSwitch(e)} aria-label={t('session.pinTitle')} className="pin-switch">
            <h2>{t('session.pinTitle')}</h2>
            <div className="field">
              <label htmlFor="pinUser">{t('session.person')}</label>
              <select id="pinUser" value={pinUser} onChange={(e) => setPinUser(e.target.value)}>
                <option value="">—</option>
                {switchable.map((u) => (
                  <option key={u.userId} value={u.userId}>
                    {u.displayName}
                  </option>
                ))}
              </select>
            </div>
            <Field id="pin" type="password" inputMode="numeric" label={t('session.pin')} value={pin} onChange={(e) => setPin(e.target.value)} />
            <button type="submit" className="secondary" disabled={!pinUser}>
              {t('session.pinSwitch')}
            </button>
          </form>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}
