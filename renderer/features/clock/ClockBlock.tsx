import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { Field } from '../../ui/Field.js';

/**
 * Shown instead of intake and status changes while the PC clock cannot be trusted: what is wrong,
 * how to fix it, and a supervisor's override with a reason (kept in the audit chain).
 */
export function ClockBlock() {
  const { t } = useTranslation();
  const clock = useAppStore((s) => s.clock);
  const setClock = useAppStore((s) => s.setClock);
  const [form, setForm] = useState({ username: '', password: '', reason: '' });
  const [problem, setProblem] = useState<string | null>(null);
  if (!clock) return null;
  async function override(event: FormEvent): Promise<void> {
    event.preventDefault();
    const r = await invokeResult('clock:override', form);
    if (r.ok) {
      setClock(r.value);
      setProblem(null);
    } else setProblem(r.error.message);
  }
  async function recheck(): Promise<void> {
    await invokeResult('link:check', {});
    const r = await invokeResult('clock:status', {});
    if (r.ok) setClock(r.value);
  }
  return (
    <section className="fatal" role="alert" data-testid="clock-block">
      <h1>{t('clock.title')}</h1>
      <ul>
        {clock.problems.map((p) => (
          <li key={p.code} data-code={p.code}>
            <strong>{p.message}</strong> {p.fix}
          </li>
        ))}
      </ul>
      <p className="muted">{t('clock.pc', { now: clock.pcNow, zone: clock.timeZone })}</p>
      <button type="button" onClick={() => void recheck()}>
        {t('clock.recheck')}
      </button>
      <form onSubmit={(e) => void override(e)} aria-label={t('clock.override')}>
        <h2>{t('clock.override')}</h2>
        <Field id="clk-user" label={t('clock.user')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        <Field id="clk-pass" type="password" label={t('clock.password')} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        <Field id="clk-reason" label={t('clock.reason')} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        <button type="submit" className="danger">
          {t('clock.allow')}
        </button>
        {problem && <p className="error">{problem}</p>}
      </form>
    </section>
  );
}
