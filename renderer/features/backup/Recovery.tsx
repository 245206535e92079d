import { useState } from 'react';
import type { ResultOf } from '../../../shared/contract/commands.js';
import type { ErrorBody } from '../../../shared/contract/errors.js';
import { invoke } from '../../ipc/client.js';
import { useAppStore } from '../../stores/appStore.js';
import { recoveryRepullPrepare, recoveryRestore } from './recoveryActions.js';
import { RecoveryScreen } from './RecoveryScreen.js';

/** When the workstation database cannot be opened: restore a backup or re-pull, never a blank app. */
export function Recovery({ error, onRetry }: { error: ErrorBody; onRetry: () => void }) {
  const online = useAppStore((s) => s.online);
  const [folder, setFolder] = useState('');
  const [backups, setBackups] = useState<ResultOf<'backup:list'>['backups']>([]);
  return (
    <RecoveryScreen
      error={error}
      folder={folder}
      backups={backups}
      serverReachable={online}
      onFolderChange={setFolder}
      onListFolder={async (f) => setBackups((await invoke('backup:list', { folder: f })).backups)}
      onRestore={async (path, passphrase) => {
        const restored = await invoke('backup:restore', { path, passphrase });
        await recoveryRestore(restored.dump);
        onRetry();
      }}
      onRepull={async () => {
        // A fresh local database; replication pulls the unit's dossiers back from the server.
        await recoveryRepullPrepare();
        onRetry();
      }}
      onRetry={onRetry}
    />
  );
}
