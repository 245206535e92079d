import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../shared/contract/backup.js';
import type { ErrorBody } from '../../../shared/contract/errors.js';
import { backupFormCheck, backupTimeFormat, bytesFormat } from './backupForm.js';

// Shown at start-up when the workstation database cannot be opened: never a blank app. Two ways
// back: restore an encrypted backup (from a folder or USB stick) or pull this unit's dossiers
// again from the provincial server. Props only; the app wires the callbacks.

export interface RecoveryScreenProps {
  error: ErrorBody;
  folder: string;
  backups: BackupInfo[];
  /** The provincial server answered the last reachability check. */
  serverReachable: boolean;
  onFolderChange: (folder: string) => void;
  onListFolder: (folder: string) => Promise<void>;
  onRestore: (path: string, passphrase: string) => Promise<void>;
  onRepull: () => Promise<void>;
  onRetry: () => void;
}

export function RecoveryScreen(props: RecoveryScreenProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(props.backups[0]?.path ?? null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  function restore(event: FormEvent): void {
    event.preventDefault();
    const path = chosen ?? props.backups[0]?.path;
    if (!path) return setProblem(t('recovery.noBackup', 'Chưa chọn bản sao để khôi phục.'));
    const bad = backupFormCheck({ folder: path, passphrase });
    if (bad) return setProblem(bad);
    void run(() => props.onRestore(path, passphrase));
  }

  return (
    <main className="fatal recovery" role="alert" data-testid="recovery-screen">
      <h1>{t('recovery.title', 'Không mở được dữ liệu của máy này')}</h1>
      <p>
        {t('recovery.intro', 'Cơ sở dữ liệu hồ sơ trên máy bị hỏng hoặc không đọc được. Chưa có gì bị xoá. Hãy khôi phục từ bản sao lưu gần nhất, hoặc tải lại hồ sơ của đơn vị từ máy chủ tỉnh.')}
      </p>
      <p className="muted">
        <code data-testid="recovery-code">{props.error.code}</code> {props.error.message}
      </p>

      <section aria-label={t('recovery.fromBackup', 'Khôi phục từ bản sao lưu')}>
        <h2>{t('recovery.fromBackup', 'Khôi phục từ bản sao lưu')}</h2>
        <div className="field">
          <label htmlFor="recovery-folder">{t('backup.folder', 'Thư mục / ổ USB (sao lưu hằng ngày)')}</label>
          <input id="recovery-folder" value={props.folder} onChange={(e) => props.onFolderChange(e.target.value)} />
          <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => props.onListFolder(props.folder))}>
            {t('recovery.look', 'Tìm bản sao')}
          </button>
        </div>
        {props.backups.length === 0 ? (
          <p className="muted" data-testid="recovery-none">
            {t('recovery.none', 'Không thấy bản sao nào trong thư mục này. Cắm ổ USB chứa bản sao rồi bấm “Tìm bản sao”.')}
          </p>
        ) : (
          <form onSubmit={restore}>
            <fieldset>
              <legend>{t('recovery.pick', 'Chọn bản sao')}</legend>
              {props.backups.map((b) => (
                <label key={b.path} className="radio">
                  <input type="radio" name="recovery-backup" value={b.path} checked={(chosen ?? props.backups[0]?.path) === b.path} onChange={() => setChosen(b.path)} />
                  {backupTimeFormat(b.createdAt)} · {bytesFormat(b.bytes)} · {b.appVersion}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="recovery-pass">{t('backup.passphrase', 'Mật khẩu sao lưu')}</label>
              <input id="recovery-pass" type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </div>
            <button type="submit" disabled={busy} data-testid="recovery-restore">
              {t('recovery.restore', 'Kiểm tra và khôi phục')}
            </button>
          </form>
        )}
      </section>

      <section aria-label={t('recovery.fromServer', 'Tải lại từ máy chủ tỉnh')}>
        <h2>{t('recovery.fromServer', 'Tải lại từ máy chủ tỉnh')}</h2>
        <p className="muted">
          {t('recovery.serverNote', 'Hồ sơ đã đồng bộ lên máy chủ sẽ được tải về; những gì nhập trên máy này sau lần đồng bộ cuối sẽ không có.')}
        </p>
        <button type="button" disabled={busy || !props.serverReachable} onClick={() => void run(props.onRepull)} data-testid="recovery-repull">
          {t('recovery.repull', 'Tải lại hồ sơ từ máy chủ')}
        </button>
        {!props.serverReachable && <p className="muted">{t('recovery.offline', 'Hiện không kết nối được máy chủ tỉnh.')}</p>}
      </section>

      {problem && (
        <p className="fatal-message" data-testid="recovery-problem">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={props.onRetry}>
          {t('recovery.retry', 'Thử mở lại')}
        </button>
      </div>
    </main>
  );
}
