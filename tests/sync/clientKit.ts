import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { eventBusCreate } from '../../electron/ipc/eventBus.js';
import { blobStoreCreate, type BlobStore } from '../../electron/services/blobs/blobStore.js';
import { keyStoreCreate } from '../../electron/services/keys/keyStore.js';
import { settingsStoreCreate, type SettingsStore } from '../../electron/services/settings/settingsStore.js';
import { syncServiceCreate, type SyncService } from '../../electron/services/sync/syncService.js';
import { userStoreCreate, type UserStore } from '../../electron/services/users/userStore.js';
import { databaseOpen, type Database } from '../../renderer/db/database.js';
import { dossierRepoCreate, type DossierRepo } from '../../renderer/db/dossierRepo.js';
import { personalCipherCreate, type PersonalCipher } from '../../renderer/db/personalCipher.js';
import type { SyncBridge } from '../../renderer/sync/bridge.js';
import { syncStart, type SyncController } from '../../renderer/sync/replication.js';

// One workstation for sync tests: the real main-side sync service over temp folders, and the
// renderer's RxDB (Dexie on fake-indexeddb — import 'fake-indexeddb/auto' first) with its
// replication (renderer/sync), joined by a bridge that calls the service as the IPC handlers do.

export interface TestWorkstation {
  dir: string;
  workstationId: string;
  settings: SettingsStore;
  users: UserStore;
  blobs: BlobStore;
  service: SyncService;
  db: Database;
  cipher: PersonalCipher;
  repo: DossierRepo;
  sync: SyncController | null;
  startSync(): SyncController;
  close(): Promise<void>;
}

let n = 0;

export async function testWorkstationOpen(serverUrl: string, options: { agencyCode?: string } = {}): Promise<TestWorkstation> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-ws-'));
  const settings = settingsStoreCreate(dir);
  const saved = await settings.save({ agencyCode: options.agencyCode ?? 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: `Quầy ${++n}`, serverUrl });
  const bus = eventBusCreate();
  const keys = keyStoreCreate(dir);
  const users = userStoreCreate(dir);
  const blobs = blobStoreCreate(join(dir, 'blobs'));
  const service = syncServiceCreate({ dataDir: dir, settings, keys, users, blobs, bus });
  const db = await databaseOpen({ name: `ws-${process.pid}-${randomUUID()}`, storage: getRxStorageDexie() });
  const cipher = await personalCipherCreate((await keys.personalDataKey()).toString('base64'));
  const bridge: SyncBridge = {
    pull: (c, cp, limit) => service.pull(c, cp, limit),
    push: (c, rows) => service.push(c, rows),
    filesFetch: (h) => service.files.download(h),
    filesUpload: (h) => service.files.upload(h),
    now: () => service.directoryRefresh(),
    onChanged: (listener) =>
      bus.subscribe((name, payload) => {
        if (name === 'sync:changed') listener((payload as { collection: 'events' | 'files' }).collection);
      }),
  };
  const repo = dossierRepoCreate(db, cipher);
  const ws: TestWorkstation = {
    dir,
    workstationId: saved.workstationId,
    settings,
    users,
    blobs,
    service,
    db,
    cipher,
    repo,
    sync: null,
    startSync() {
      ws.sync ??= syncStart({ db, repo, cipher, bridge, identifier: serverUrl, workstationId: saved.workstationId, waitForLeadership: false, retryTime: 200, batchSize: 50 });
      return ws.sync;
    },
    async close() {
      service.streams.stop();
      await ws.sync?.stop();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return ws;
}
