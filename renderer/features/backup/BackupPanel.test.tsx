import type { ReactNode } from 'react';
import { prerender } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { BackupPanel } from './BackupPanel.js';
import { backupFormCheck, bytesFormat } from './backupForm.js';
import { RecoveryScreen } from './RecoveryScreen.js';

const never = () => new Promise<never>(() => {});
async function html(node: ReactNode): Promise<string> {
  const { prelude } = await prerender(node);
  return new Response(prelude).text();
}
const backups = [
  { path: '/media/usb/motcua-2026-11-30T01-00-00-000Z.mcbak', name: 'motcua-2026-11-30T01-00-00-000Z.mcbak', bytes: 5_400_000, createdAt: '2026-11-30T01:00:00.000Z', appVersion: '0.1.0' },
];

describe('backup UI', () => {
  it('checks the form in Vietnamese', () => {
    expect(backupFormCheck({ folder: '', passphrase: 'x' })).toMatch(/thư mục/);
    expect(backupFormCheck({ folder: '/u', passphrase: 'ngắn' })).toMatch(/ít nhất 10/);
    expect(backupFormCheck({ folder: '/u', passphrase: 'đủ mười ký tự', confirm: 'khác' })).toMatch(/không khớp/);
    expect(backupFormCheck({ folder: '/u', passphrase: 'đủ mười ký tự', confirm: 'đủ mười ký tự' })).toBeNull();
    expect(bytesFormat(5_400_000)).toBe('5.1 MB');
  });

  it('renders the panel with the due notice, the list and restore only for those allowed', async () => {
    const props = { folder: '/media/usb', backups, due: true, onFolderChange: () => {}, onCreate: never, onRefresh: never, onRestore: never };
    const full = await html(<BackupPanel {...props} canRestore />);
    expect(full).toContain('data-testid="backup-due"');
    expect(full).toContain('5.1 MB');
    expect(full).toContain('Khôi phục…');
    const clerk = await html(<BackupPanel {...props} canRestore={false} due={false} />);
    expect(clerk).not.toContain('Khôi phục…');
    expect(clerk).not.toContain('backup-due');
  });

  it('renders the recovery screen with both ways back and never blank', async () => {
    const props = { error: { code: 'internal' as const, message: 'DXE1: database broken' }, folder: '/media/usb', onFolderChange: () => {}, onListFolder: never, onRestore: never, onRepull: never, onRetry: () => {} };
    const withBackups = await html(<RecoveryScreen {...props} backups={backups} serverReachable />);
    expect(withBackups).toContain('Không mở được dữ liệu của máy này');
    expect(withBackups).toContain('data-testid="recovery-restore"');
    expect(withBackups).toMatch(/data-testid="recovery-repull"(?![^>]*disabled)/);
    const offline = await html(<RecoveryScreen {...props} backups={[]} serverReachable={false} />);
    expect(offline).toContain('data-testid="recovery-none"');
    expect(offline).toMatch(/disabled=""[^>]*data-testid="recovery-repull"/);
    expect(offline).toContain('DXE1: database broken');
  });
});
