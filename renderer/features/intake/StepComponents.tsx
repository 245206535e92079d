import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComponentRow, Draft } from './draft.js';
import { fileStore } from './fileRead.js';
import { ScanButton } from './ScanButton.js';

const kinds: ComponentRow['kind'][] = ['original', 'copy', 'certified-copy', 'photocopy'];

/** The papers the procedure asks for: ticked, kind, quantity, and a file (or scan) for each. */
export function StepComponents({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const update = (index: number, patch: Partial<ComponentRow>): void =>
    set({ components: draft.components.map((c, i) => (i === index ? { ...c, ...patch } : c)) });

  return (
    <div>
      <table className="grid checklist">
        <thead>
          <tr>
            <th />
            <th>{t('counter.intake.steps.components')}</th>
            <th>{t('counter.intake.componentKind.original')} / …</th>
            <th>{t('counter.intake.quantity')}</th>
            <th>{t('counter.intake.attach')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.components.map((c, i) => (
            <tr key={c.code}>
              <td>
                <input type="checkbox" aria-label={c.name} checked={c.present} onChange={(e) => update(i, { present: e.target.checked })} />
              </td>
              <td>
                {c.name} {c.required && <span className="error">*</span>}
              </td>
              <td>
                <select aria-label={`${c.name}: loại bản`} value={c.kind} onChange={(e) => update(i, { kind: e.target.value as ComponentRow['kind'] })}>
                  {kinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`counter.intake.componentKind.${k}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="number"
                  min={1}
                  max={99}
                  aria-label={`${c.name}: ${t('counter.intake.quantity')}`}
                  value={c.quantity}
                  onChange={(e) => update(i, { quantity: Math.max(1, Math.min(99, Number(e.target.value) || 1)) })}
                />
              </td>
              <td>
                {c.file ? (
                  <span className="badge ok" title={c.file.sha256}>
                    {t('counter.intake.attached')}: {c.file.name}
                  </span>
                ) : (
                  <>
                  <ScanButton
                    dossierRef={draft.ref}
                    componentCode={c.code}
                    label={c.name}
                    onDone={(file) => update(i, { file: { ...file, scanned: true }, present: true })}
                  />
                  <input
                    type="file"
                    aria-label={`${c.name}: ${t('counter.intake.attach')}`}
                    accept="application/pdf,image/*"
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      if (!file) return;
                      fileStore(file).then(
                        (stored) => update(i, { file: stored, present: true }),
                        (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
                      );
                    }}
                  />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
