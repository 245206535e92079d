import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { Field } from '../../ui/Field.js';
import { DraftGuard } from './DraftGuard.js';

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
  // A half-filled intake of the locked person: theirs to take back, nobody else's to see.
  const held = useCounterStore((s) => (lockedUser ? s.intakeHeld : null));
  const ownerUsername = useCounterStore((s) => (held ? s.usernames[held.ownerId] : undefined));
  const usernameRemember = useCounterStore((s) => s.usernameRemember);
  const [pending, setPending] = useState<'signIn' | 'pinSwitch' | null>(null);

  useEffect(() => {
    void invoke('users:switchable', {}).then(setSwitchable, () => setSwitchable([]));
  }, []);

  async function signIn(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    const typed = username.trim().toLowerCase();
    // Someone other than the draft's owner asks first. A username never seen here (the owner came
    // in by PIN) cannot be told apart before sign-in; the store then drops the draft if it is not theirs.
    if (event && held && ownerUsername !== undefined && typed !== ownerUsername) return setPending('signIn');
    const result = await invokeResult('session:signIn', { username, password });
    setPassword('');
    if (result.ok) {
      usernameRemember(result.value.userId, typed);
      setSession(result.value);
    } else setError(result.error.message);
  }

  async function pinSwitch(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    if (event && held && pinUser !== held.ownerId) return setPending('pinSwitch');
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
        {held && (
          <p className="held-note" data-testid="held-note">
            {t('draftGuard.held', { name: held.ownerName })}
          </p>
        )}
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
      {pending && held && (
        <DraftGuard
          title={t('draftGuard.switchTitle')}
          message={t('draftGuard.switchText', { name: held.ownerName })}
          onBack={() => {
            setPending(null);
            setPassword('');
            setPin('');
          }}
          onDiscard={() => {
            const next = pending;
            setPending(null);
            // The draft goes when the other person is actually in (a mistyped PIN keeps it for its owner).
            void (next === 'signIn' ? signIn() : pinSwitch());
          }}
        />
      )}
    </main>
  );
}
