import { useTranslation } from 'react-i18next';
import type { ErrorBody } from '../../shared/contract/errors.js';

export function FatalScreen({ error, onRetry, onResetup }: { error: ErrorBody; onRetry: () => void; onResetup?: () => void }) {
  const { t } = useTranslation();
  const hintKey = error.code === 'settings-corrupt' ? 'fatal.hint.settings-corrupt' : 'fatal.hint.default';
  return (
    <main className="fatal" role="alert" data-testid="fatal-screen">
      <h1>{t('fatal.title')}</h1>
      <p>{t('fatal.intro')}</p>
      <dl>
        <dt>{t('fatal.code')}</dt>
        <dd>
          <code data-testid="fatal-code">{error.code}</code>
        </dd>
        <dt>{t('fatal.what')}</dt>
        <dd>{t(hintKey)}</dd>
      </dl>
      <p className="fatal-message">{error.message}</p>
      <div className="actions">
        <button type="button" onClick={onRetry} autoFocus>
          {t('fatal.retry')}
        </button>
        {onResetup && (
          <button type="button" className="secondary" onClick={onResetup}>
            {t('fatal.resetup')}
          </button>
        )}
      </div>
    </main>
  );
}
