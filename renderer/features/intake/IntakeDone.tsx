import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { timeVn } from '../../ui/format.js';
import { dossierExport, pdfOpen } from '../counter/dossierExport.js';

/**
 * After the save: the code and the appointment, and printing. The dossier is already stored;
 * a printing problem is shown here and never undoes or blocks the intake.
 */
export function IntakeDone({ projection, onNew }: { projection: DossierProjection; onNew: () => void }) {
  const { t } = useTranslation();
  const session = useCounterStore((s) => s.session);
  const openDossier = useCounterStore((s) => s.openDossier);
  const setScreen = useAppStore((s) => s.setScreen);
  const settings = useAppStore((s) => s.status?.settings);
  const [printProblem, setPrintProblem] = useState<string | null>(null);

  async function printA4(): Promise<void> {
    if (!session || !settings) return;
    const exported = await dossierExport(session, projection.id, { code: settings.agencyCode, name: settings.unitName });
    const rendered = await invokeResult('form:render', { kind: '01', export: exported });
    if (rendered.ok) pdfOpen(rendered.value.pdfBase64, rendered.value.fileName);
    else setPrintProblem(`${rendered.error.code}: ${rendered.error.message}`);
  }

  return (
    <section className="panel wide done" data-testid="intake-done">
      <h1>{t('counter.intake.saved', { code: projection.code })}</h1>
      <p className="big">
        <code data-testid="saved-code">{projection.code}</code>
      </p>
      <p>
        {t('counter.intake.dueAt')}: <strong data-testid="saved-due">{timeVn(projection.dueAt)}</strong>
      </p>
      <div className="actions">
        <button type="button" autoFocus onClick={() => void printA4()}>
          {t('counter.intake.printA4')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            openDossier(projection.id);
            setScreen('worklists');
          }}
        >
          {t('counter.intake.openDossier')}
        </button>
        <button type="button" className="secondary" onClick={onNew}>
          {t('counter.intake.newIntake')} <kbd>F2</kbd>
        </button>
      </div>
      {printProblem && (
        <p className="error" role="alert" data-testid="print-problem">
          {printProblem}
        </p>
      )}
    </section>
  );
}
