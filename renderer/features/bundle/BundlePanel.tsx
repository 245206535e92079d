import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dossierRepoCreate, type DossierRepo } from '../../db/dossierRepo.js';
import type { Database } from '../../db/database.js';
import { personalCipherCreate, type PersonalCipher } from '../../db/personalCipher.js';
import { invoke } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { bundleRowsApply, bundleRowsCollect } from '../../sync/bundleRows.js';
import { Field } from '../../ui/Field.js';
import { bytesFormat } from '../backup/backupForm.js';
import { databaseShared } from '../counter/counterSession.js';

// Sync without any network: export this workstation's unsynced dossiers to a bundle file (a USB
// stick), import another workstation's bundle. The main process signs, encrypts, checks and
// stores files; the rows are this side's, read and merged here (renderer/sync/bundleRows.ts).

type Message = { kind: 'ok' | 'error'; text: string; testId: string };

async function cipherOpen(): Promise<PersonalCipher> {
  return personalCipherCreate((await invoke('keys:personal', {})).keyBase64);
}

/** The counter's repository when it is open (rebuilds take turns with its appends), else one for the import. */
function repoOf(db: Database, cipher: PersonalCipher): DossierRepo {
  return useCounterStore.getState().session?.repo ?? dossierRepoCreate(db, cipher);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function BundlePanel() {
  const { t } = useTranslation();
  const role = useAppStore((s) => s.session?.role);
  const [exportPath, setExportPath] = useState('');
  const [all, setAll] = useState(false);
  const [importPath, setImportPath] = useState('');
  const [identity, setIdentity] = useState<{ workstationId: string; publicKeyPem: string } | null>(null);
  const [trustId, setTrustId] = useState('');
  const [trustPem, setTrustPem] = useState('');
  const [secretId, setSecretId] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);

  useEffect(() => {
    void invoke('bundle:identity', {}).then(setIdentity, () => setIdentity(null));
  }, []);

  function run(testId: string, work: () => Promise<string>) {
    return async (event: FormEvent): Promise<void> => {
      event.preventDefault();
      setBusy(true);
      setMessage(null);
      try {
        setMessage({ kind: 'ok', text: await work(), testId });
      } catch (err) {
        setMessage({ kind: 'error', text: errorText(err), testId });
      } finally {
        setBusy(false);
      }
    };
  }

  const exportBundle = run('bundle-exported', async () => {
    const collected = await bundleRowsCollect(await databaseShared(), await cipherOpen(), { all });
    if (collected.dossiers === 0) return t('bundle.nothing');
    const written = await invoke('bundle:export', { rows: collected.rows, blobHashes: collected.blobHashes, ...(exportPath.trim() ? { path: exportPath.trim() } : {}) });
    return t('bundle.exported', { count: collected.dossiers, path: written.path, size: bytesFormat(written.bytes) });
  });

  const importBundle = run('bundle-imported', async () => {
    const opened = await invoke('bundle:import', { path: importPath.trim() });
    const [db, cipher] = await Promise.all([databaseShared(), cipherOpen()]);
    const applied = await bundleRowsApply(db, repoOf(db, cipher), cipher, opened.rows);
    const parts = [
      ...(opened.alreadyImported ? [t('bundle.again')] : []),
      t('bundle.imported', { workstation: opened.workstationId, inserted: applied.inserted, unchanged: applied.unchanged, files: opened.blobsStored }),
      ...(applied.refused.length > 0 ? [t('bundle.refused', { list: applied.refused.join(', ') })] : []),
    ];
    return parts.join(' ');
  });

  const trust = run('bundle-trusted', async () => {
    const done = await invoke('bundle:trust', { workstationId: trustId.trim(), publicKeyPem: trustPem.trim() });
    setTrustId('');
    setTrustPem('');
    return t('bundle.trusted', { workstation: done.workstationId });
  });

  const secret = run('bundle-secret', async () => {
    const done = await invoke('bundle:secret', { id: secretId.trim(), keyBase64: secretKey.trim() });
    setSecretKey('');
    return t('bundle.secretSaved', { id: done.id });
  });

  const shown = (testId: string) =>
    message?.testId === testId && (
      <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'badge ok'} data-testid="bundle-message">
        {message.text}
      </p>
    );

  return (
    <section className="panel wide" data-testid="bundle">
      <h2>{t('bundle.title')}</h2>
      <p className="muted">{t('bundle.intro')}</p>
      <form className="form-grid" aria-label={t('bundle.exportTitle')} onSubmit={(e) => void exportBundle(e)}>
        <h3>{t('bundle.exportTitle')}</h3>
        <Field id="bundle-export-path" label={t('bundle.exportPath')} value={exportPath} onChange={(e) => setExportPath(e.target.value)} />
        <label>
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('bundle.all')}
        </label>
        <div className="field">
          <button type="submit" disabled={busy}>{t('bundle.export')}</button>
        </div>
        {shown('bundle-exported')}
      </form>
      <form className="form-grid" aria-label={t('bundle.importTitle')} onSubmit={(e) => void importBundle(e)}>
        <h3>{t('bundle.importTitle')}</h3>
        <Field id="bundle-import-path" label={t('bundle.importPath')} value={importPath} required onChange={(e) => setImportPath(e.target.value)} />
        <div className="field">
          <button type="submit" disabled={busy || !importPath.trim()}>{t('bundle.import')}</button>
        </div>
        {shown('bundle-imported')}
      </form>
      {identity && (
        <div data-testid="bundle-identity">
          <h3>{t('bundle.identityTitle')}</h3>
          <p className="muted">{t('bundle.identityIntro')}</p>
          <Field id="bundle-own-id" label={t('bundle.workstationId')} value={identity.workstationId} readOnly />
          <div className="field">
            <label htmlFor="bundle-own-key">{t('bundle.publicKey')}</label>
            <textarea id="bundle-own-key" readOnly rows={4} value={identity.publicKeyPem} />
          </div>
        </div>
      )}
      {(role === 'supervisor' || role === 'admin') && (
        <form className="form-grid" aria-label={t('bundle.trustTitle')} onSubmit={(e) => void trust(e)}>
          <h3>{t('bundle.trustTitle')}</h3>
          <Field id="bundle-trust-id" label={t('bundle.workstationId')} value={trustId} required onChange={(e) => setTrustId(e.target.value)} />
          <div className="field">
            <label htmlFor="bundle-trust-key">{t('bundle.publicKey')}</label>
            <textarea id="bundle-trust-key" rows={4} value={trustPem} required onChange={(e) => setTrustPem(e.target.value)} />
          </div>
          <div className="field">
            <button type="submit" disabled={busy}>{t('bundle.trust')}</button>
          </div>
          {shown('bundle-trusted')}
        </form>
      )}
      {role === 'admin' && (
        <form className="form-grid" aria-label={t('bundle.secretTitle')} onSubmit={(e) => void secret(e)}>
          <h3>{t('bundle.secretTitle')}</h3>
          <Field id="bundle-secret-id" label={t('bundle.secretId')} value={secretId} required onChange={(e) => setSecretId(e.target.value)} />
          <Field id="bundle-secret-key" type="password" label={t('bundle.secretKey')} value={secretKey} required autoComplete="off" onChange={(e) => setSecretKey(e.target.value)} />
          <div className="field">
            <button type="submit" disabled={busy}>{t('bundle.secret')}</button>
          </div>
          {shown('bundle-secret')}
        </form>
      )}
    </section>
  );
}
