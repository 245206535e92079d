import type { InputHTMLAttributes } from 'react';

/** A labelled input with its hint and validation message, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  ...input
}: { id: string; label: string; hint?: string; error?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={`${id}-msg`} {...input} />
      <small id={`${id}-msg`} className={error ? 'error' : 'hint'}>
        {error ?? hint}
      </small>
    </div>
  );
}
