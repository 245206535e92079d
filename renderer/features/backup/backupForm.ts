// Checks of the backup forms, shared by the panel and the recovery screen (messages in Vietnamese).

export const passphraseMin = 10;

export function backupFormCheck(form: { folder: string; passphrase: string; confirm?: string }): string | null {
  if (form.folder.trim() === '') return 'Chọn thư mục hoặc ổ USB để lưu bản sao.';
  if ([...form.passphrase].length < passphraseMin) return `Mật khẩu sao lưu cần ít nhất ${passphraseMin} ký tự.`;
  if (form.confirm !== undefined && form.confirm !== form.passphrase) return 'Hai lần nhập mật khẩu không khớp.';
  return null;
}

export function bytesFormat(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** "30/11/2026 08:05" in the workstation's time zone. */
export function backupTimeFormat(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
