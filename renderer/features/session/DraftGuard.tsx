import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks before a half-filled intake is dropped (sign-out, another person switching in).
 * "Quay lại" has the focus, Esc means "Quay lại", and Tab stays inside the dialog: the safe
 * answer is the one a hurried keypress gives. "Lưu nháp" appears only when a draft can be saved.
 */
export function DraftGuard({
  title,
  message,
  onDiscard,
  onBack,
  onSave,
}: {
  title: string;
  message: string;
  onDiscard(): void;
  onBack(): void;
  onSave?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const back = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    back.current?.focus();
    return () => before?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    // Nothing behind the dialog (shortcuts, the wizard's Alt+arrows) acts while it asks.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onBack();
      return;
    }
    if (event.key !== 'Tab') return;
    const buttons = [...(box.current?.querySelectorAll('button') ?? [])];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  return (
    <div className="guard-backdrop">
      <div
        ref={box}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        className="guard-dialog"
        data-testid="draft-guard"
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-text`}>{message}</p>
        <div className="actions">
          <button ref={back} type="button" onClick={onBack}>
            {t('draftGuard.back')} <kbd>Esc</kbd>
          </button>
          {onSave && (
            <button type="button" className="secondary" onClick={onSave}>
              {t('draftGuard.save')}
            </button>
          )}
          <button type="button" className="danger" onClick={onDiscard}>
            {t('draftGuard.discard')}
          </button>
        </div>
      </div>
    </div>
  );
}
