import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../shared/contract/backup.js';
import { backupFormCheck, backupTimeFormat, bytesFormat } from './backupForm.js';

// Backup on demand, the daily backup folder, and restore. Props only: the app passes callbacks
// that dump the database and call backup:create / backup:list / backup:restore.

export interface BackupPanelProps {
  folder: string;
  backups: BackupInfo[];
  /** The daily check found no backup younger than a day in the folder. */
  due: boolean;
  /** Restore is for supervisors and administrators. */
  canRestore: boolean;
  onFolderChange: (folder: string) => void;
  onChooseFolder?: () => void;
  onCreate: (folder: string, passphrase: string) => Promise<{ path: string; bytes: number; files: number }>;
  onRefresh: (folder: string) => Promise<void>;
  onRestore: (path: string, passphrase: string) => Promise<{ documents: number; files: number }>;
}

export function BackupPanel(props: BackupPanelProps) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [restorePath, setRestorePath] = useState<string | null>(null);
  const [restorePass, setRestorePass] = useState('');

  async function run(action: () => Promise<string>): Promise<void> {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ kind: 'ok', text: await action() });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  function create(event: FormEvent): void {
    event.preventDefault();
    const problem = backupFormCheck({ folder: props.folder, passphrase, confirm });
    if (problem) return setMessage({ kind: 'error', text: problem });
    void run(async () => {
      const made = await props.onCreate(props.folder, passphrase);
      await props.onRefresh(props.folder);
      return t('backup.created', 'Đã sao lưu {{files}} tệp ({{size}}) vào {{path}}', { files: made.files, size: bytesFormat(made.bytes), path: made.path });
    });
  }
  function restore(event: FormEvent): void {
    event.preventDefault();
    if (!restorePath) return;
    const problem = backupFormCheck({ folder: restorePath, passphrase: restorePass });
    if (problem) return setMessage({ kind: 'error', text: problem });
    void run(async () => {
      const done = await props.onRestore(restorePath, restorePass);
      return t('backup.restored', 'Đã khôi phục {{documents}} bản ghi và {{files}} tệp; ứng dụng sẽ khởi động lại.', done);
    });
  }

  return (
    <section className="panel wide" aria-label={t('backup.title', 'Sao lưu dữ liệu')} data-testid="backup-panel">
      <h2>{t('backup.title', 'Sao lưu dữ liệu')}</h2>
      <p className="muted">
        {t('backup.intro', 'Bản sao được mã hoá bằng mật khẩu sao lưu (AES-256). Thiếu mật khẩu thì không ai khôi phục được, kể cả quản trị: hãy cất mật khẩu ở nơi an toàn.')}
      </p>
      {props.due && (
        <p role="status" className="warning" data-testid="backup-due">
          {t('backup.due', 'Hôm nay chưa sao lưu. Cắm ổ USB và bấm “Sao lưu ngay”.')}
        </p>
      )}
      <form className="form-grid" onSubmit={create}>
        <div className="field">
          <label htmlFor="backup-folder">{t('backup.folder', 'Thư mục / ổ USB (sao lưu hằng ngày)')}</label>
          <input id="backup-folder" value={props.folder} onChange={(e) => props.onFolderChange(e.target.value)} />
          {props.onChooseFolder && (
            <button type="button" className="secondary" onClick={props.onChooseFolder}>
              {t('backup.choose', 'Chọn…')}
            </button>
          )}
        </div>
        <div className="field">
          <label htmlFor="backup-pass">{t('backup.passphrase', 'Mật khẩu sao lưu')}</label>
          <input id="backup-pass" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="backup-confirm">{t('backup.confirm', 'Nhập lại mật khẩu')}</label>
          <input id="backup-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </div>
        <div className="field">
          <button type="submit" disabled={busy} data-testid="backup-create">
            {t('backup.create', 'Sao lưu ngay')}
          </button>
        </div>
      </form>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} data-testid="backup-message">
          {message.text}
        </p>
      )}
      <h3>{t('backup.list', 'Các bản sao trong thư mục')}</h3>
      {props.backups.length === 0 ? (
        <p className="muted">{t('backup.none', 'Chưa có bản sao nào trong thư mục này.')}</p>
      ) : (
        <table data-testid="backup-list">
          <thead>
            <tr>
              <th>{t('backup.when', 'Thời điểm')}</th>
              <th>{t('backup.size', 'Dung lượng')}</th>
              <th>{t('backup.version', 'Phiên bản')}</th>
              {props.canRestore && <th />}
            </tr>
          </thead>
          <tbody>
            {props.backups.map((b) => (
              <tr key={b.path}>
                <td>{backupTimeFormat(b.createdAt)}</td>
                <td>{bytesFormat(b.bytes)}</td>
                <td>{b.appVersion}</td>
                {props.canRestore && (
                  <td>
                    <button type="button" className="secondary" onClick={() => setRestorePath(b.path)}>
                      {t('backup.restore', 'Khôi phục…')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restorePath && (
        <form className="form-grid" onSubmit={restore} aria-label={t('backup.restoreTitle', 'Khôi phục bản sao')}>
          <p className="warning">
            {t('backup.restoreWarn', 'Dữ liệu hiện tại sẽ được cất sang thư mục bên cạnh rồi thay bằng bản sao {{name}}. Bản sao được kiểm tra toàn bộ trước khi thay.', { name: restorePath })}
          </p>
          <div className="field">
            <label htmlFor="restore-pass">{t('backup.passphrase', 'Mật khẩu sao lưu')}</label>
            <input id="restore-pass" type="password" value={restorePass} onChange={(e) => setRestorePass(e.target.value)} />
          </div>
          <div className="field">
            <button type="submit" disabled={busy} data-testid="backup-restore">
              {t('backup.restoreGo', 'Kiểm tra và khôi phục')}
            </button>
            <button type="button" className="secondary" onClick={() => setRestorePath(null)}>
              {t('backup.cancel', 'Huỷ')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
