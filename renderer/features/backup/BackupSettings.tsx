import { useCallback, useEffect, useState } from 'react';
import type { ResultOf } from '../../../shared/contract/commands.js';
import { invoke, on } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { databaseShared } from '../counter/counterSession.js';
import { BackupPanel } from './BackupPanel.js';
import { databaseDump, databaseRestore } from './dbDump.js';

type Backups = ResultOf<'backup:list'>['backups'];

/** Wires the backup panel: the renderer dumps its database, the main process encrypts and stores it. */
export function BackupSettings() {
  const role = useAppStore((s) => s.session?.role);
  const [folder, setFolder] = useState('');
  const [backups, setBackups] = useState<Backups>([]);
  const [due, setDue] = useState(false);
  const refresh = useCallback(async (f: string) => {
    if (f) setBackups((await invoke('backup:list', { folder: f })).backups);
  }, []);
  useEffect(() => {
    void invoke('backup:status', {}).then((s) => {
      setFolder(s.folder ?? '');
      void refresh(s.folder ?? '');
    }, () => undefined);
    return on('backup:changed', (c) => {
      if (c.state === 'due' && c.folder) {
        setDue(true);
        // The daily backup, with the remembered passphrase: dump here, encrypt and store in main.
        void databaseShared().then(async (db) => invoke('backup:create', { dump: { ...(await databaseDump(db)) }, folder: c.folder ?? '' })).then(() => setDue(false), () => undefined);
      }
    });
  }, [refresh]);
  return (
    <section className="panel wide" data-testid="backup">
      <BackupPanel
        folder={folder}
        backups={backups}
        due={due}
        canRestore={role === 'supervisor' || role === 'admin'}
        onFolderChange={setFolder}
        onRefresh={refresh}
        onCreate={async (f, passphrase) => {
          const created = await invoke('backup:create', { dump: { ...(await databaseDump(await databaseShared())) }, folder: f, passphrase });
          await refresh(f);
          return created;
        }}
        onRestore={async (path, passphrase) => {
          const restored = await invoke('backup:restore', { path, passphrase });
          const counts = await databaseRestore(await databaseShared(), restored.dump);
          return { documents: Object.values(counts).reduce((a, b) => a + b, 0), files: restored.files };
        }}
      />
    </section>
  );
}
