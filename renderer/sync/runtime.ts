import { create } from 'zustand';
import type { Database } from '../db/database.js';
import type { DossierRepo } from '../db/dossierRepo.js';
import { personalCipherCreate } from '../db/personalCipher.js';
import { invoke, on } from '../ipc/client.js';
import { ipcBridge } from './bridge.js';
import { pendingReportAgain } from './pendingReport.js';
import { syncStart, type SyncController } from './replication.js';

// The app's one replication, started by the counter gate once the workstation database is open
// and a provincial server is configured; the status bar's "sync now" drives it.

interface SyncUiState {
  running: boolean;
  busy: boolean;
  lastError: string | null;
  set(patch: Partial<Omit<SyncUiState, 'set'>>): void;
}

export const useSyncStore = create<SyncUiState>((set) => ({
  running: false,
  busy: false,
  lastError: null,
  set: (patch) => set(patch),
}));

let controller: Promise<SyncController> | null = null;

export function syncRuntimeStart(session: { db: Database; repo: DossierRepo }, serverUrl: string | null | undefined, workstationId?: string): void {
  if (controller || !serverUrl) return;
  controller = (async () => {
    const key = await invoke('keys:personal', {});
    const started = syncStart({
      db: session.db,
      repo: session.repo,
      cipher: await personalCipherCreate(key.keyBase64),
      bridge: ipcBridge,
      identifier: serverUrl,
      ...(workstationId ? { workstationId } : {}),
      onError: (err) => useSyncStore.getState().set({ lastError: err instanceof Error ? err.message : String(err) }),
    });
    useSyncStore.getState().set({ running: true });
    // Someone signed in (perhaps online, with a fresh server session): sync at once, whatever
    // back-off the previous person's failures had built up.
    on('session:changed', (session) => {
      if (session) void syncRuntimeNow();
    });
    return started;
  })();
  controller.catch((err: unknown) => {
    controller = null;
    useSyncStore.getState().set({ running: false, lastError: err instanceof Error ? err.message : String(err) });
  });
}

export async function syncRuntimeNow(): Promise<void> {
  if (!controller) return;
  const store = useSyncStore.getState();
  store.set({ busy: true, lastError: null });
  try {
    await (await controller).syncNow();
  } catch (err) {
    store.set({ lastError: err instanceof Error ? err.message : String(err) });
  } finally {
    useSyncStore.getState().set({ busy: false });
    pendingReportAgain();
  }
}
