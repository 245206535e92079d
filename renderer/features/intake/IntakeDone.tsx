import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { invokeResult } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { timeVn } from '../../ui/format.js';
import { dossierExport, formPrint } from '../counter/dossierExport.js';

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
  const [receiptState, setReceiptState] = useState<string | null>(null);

  // The thermal receipt goes to the print queue right after the save when a printer is set up;
  // the queue retries on its own, and a failure only shows here.
  useEffect(() => {
    void (async () => {
      const listing = await invokeResult('printer:list', {});
      if (listing.ok && listing.value.settings) await printReceipt();
    })();
  }, []);

  async function printReceipt(): Promise<void> {
    if (!session || !settings) return;
    const exported = await dossierExport(session, projection.id, { code: settings.agencyCode, name: settings.unitName });
    const queued = await invokeResult('receipt:print', { export: exported });
    setReceiptState(queued.ok ? t('counter.intake.receiptQueued', { bytes: queued.value.bytes }) : null);
    if (!queued.ok) setPrintProblem(`${queued.error.code}: ${queued.error.message}`);
  }

  async function printA4(): Promise<void> {
    if (!session || !settings) return;
    const problem = await formPrint(session, projection.id, { code: settings.agencyCode, name: settings.unitName }, '01');
    if (problem) setPrintProblem(problem);
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
        <button type="button" className="secondary" onClick={() => void printReceipt()}>
          {t('counter.intake.printReceipt')}
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
      {receiptState && <p className="muted" data-testid="receipt-queued">{receiptState}</p>}
      {printProblem && (
        <p className="error" role="alert" data-testid="print-problem">
          {printProblem}
        </p>
      )}
    </section>
  );
}
