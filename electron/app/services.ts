import { join } from 'node:path';
import type { MainConfig } from '../config/config.js';
import { eventBusCreate, type EventBus } from '../ipc/eventBus.js';
import type { Session } from '../ipc/session.js';
import { auditLogOpen, type AuditLog } from '../services/audit/auditLog.js';
import { blobStoreCreate, type BlobStore } from '../services/blobs/blobStore.js';
import { clockCreate, type Clock } from '../services/clock/clock.js';
import { clockGuardCreate, type ClockGuard } from '../services/clock/clockGuard.js';
import { codeAllocatorCreate, type CodeAllocator } from '../services/codes/codeAllocator.js';
import { rulePackStoreCreate, type RulePackStore } from '../services/rulepacks/rulePackStore.js';
import { serverLinkCreate, type ServerLink } from '../services/serverLink/serverLink.js';
import { serverTrustOf } from '../services/serverLink/serverTrust.js';
import { PrinterService, printerSettingsFileStore } from '../services/printer/printerService.js';
import { scannerRegistryCreate, type ScannerRegistry } from '../../scanner-drivers/registry.js';
import { ocrPoolCreate, type OcrPool } from '../services/ocr/ocrPool.js';
import { imagingPoolCreate, type ImagingPool } from '../services/imaging/imagingPool.js';
import { backupServiceCreate, type BackupService } from '../services/backup/backupService.js';
import { backupSettingsStoreCreate, type BackupSettingsStore } from '../services/backup/backupSettings.js';
import { backupSchedulerCreate } from '../services/backup/backupScheduler.js';
import { keyStoreCreate, plainSealer, type KeyStore, type SecretSealer } from '../services/keys/keyStore.js';
import { settingsStoreCreate, type SettingsStore } from '../services/settings/settingsStore.js';
import { lockoutCreate, type Lockout } from '../services/users/lockout.js';
import { userStoreCreate, type UserStore } from '../services/users/userStore.js';

/** The signed-in person of this workstation process. */
export interface SessionState {
  get(): Session | null;
  set(session: Session | null): void;
}

/** The main-side services, built once per process and shared by Electron IPC and the browser host. */
export interface Services {
  config: MainConfig;
  bus: EventBus;
  settings: SettingsStore;
  audit: AuditLog;
  keys: KeyStore;
  users: UserStore;
  lockout: Lockout;
  session: SessionState;
  rulePacks: RulePackStore;
  codes: CodeAllocator;
  clock: Clock;
  blobs: BlobStore;
  link: ServerLink;
  clockGuard: ClockGuard;
  printer: PrinterService;
  scanners: ScannerRegistry;
  /** OCR and image work in worker threads, started on first use. */
  ocr: OcrPool;
  imaging: ImagingPool;
  backup: BackupService;
  backupSettings: BackupSettingsStore;
  /** The OS keychain in Electron, plain files in the browser host. */
  sealer: SecretSealer;
}

export interface ServiceOptions {
  /** Electron passes the OS keychain (safeStorage); the browser host keeps plain key files. */
  sealer?: SecretSealer;
}

export function servicesCreate(config: MainConfig, options: ServiceOptions = {}): Services {
  const bus = eventBusCreate();
  let current: Session | null = null;
  const sealer = options.sealer ?? plainSealer;
  const backup = backupServiceCreate({ dataDir: config.dataDir, appVersion: config.version });
  const backupSettings = backupSettingsStoreCreate(config.dataDir, sealer);
  // Daily backup: when due, the renderer dumps its database and calls backup:create.
  backupSchedulerCreate({
    service: backup,
    folder: async () => {
      const s = await backupSettings.get();
      return s.daily ? s.folder : null;
    },
    onDue: (due) => bus.emit('backup:changed', { state: 'due', folder: due.folder, lastAt: due.lastAt }),
  });
  const settings = settingsStoreCreate(config.dataDir);
  const clock = clockCreate(config.dataDir, config.pcClock);
  const rulePacks = rulePackStoreCreate([join(config.resourcesDir, 'rulepacks'), join(config.dataDir, 'rulepacks')]);
  const link = serverLinkCreate({
    serverUrl: async () => (await settings.get().catch(() => null))?.serverUrl ?? null,
    onChange: (status) => bus.emit('link:changed', status),
    onOffset: (offsetMs, at) => clock.offsetRecord(offsetMs, at),
    timeoutMs: config.timeouts.linkMs,
    now: config.pcClock,
    // The same HTTPS trust as the sync service (one per settings store).
    fetchImpl: (url, init) => serverTrustOf(settings).fetch(url, init),
  });
  return {
    config,
    bus,
    settings,
    audit: auditLogOpen(join(config.dataDir, 'audit.log')),
    keys: keyStoreCreate(config.dataDir, sealer),
    sealer,
    backup,
    backupSettings,
    users: userStoreCreate(config.dataDir),
    lockout: lockoutCreate(),
    // Packs distributed by the server win over the samples shipped with the app (same kind, later validFrom).
    rulePacks,
    codes: codeAllocatorCreate(config.dataDir),
    clock,
    blobs: blobStoreCreate(join(config.dataDir, 'blobs')),
    link,
    clockGuard: clockGuardCreate(clock, rulePacks, config.clockBoundMs),
    printer: new PrinterService({
      store: printerSettingsFileStore(join(config.dataDir, 'printer.json')),
      onJob: (job) => bus.emit('printer:changed', { job }),
    }),
    scanners: scannerRegistryCreate(config.scanners),
    ocr: ocrPoolCreate({ langPath: join(config.resourcesDir, 'tessdata') }),
    imaging: imagingPoolCreate(),
    session: {
      get: () => current,
      set: (session) => {
        current = session;
        bus.emit('session:changed', session);
      },
    },
  };
}
