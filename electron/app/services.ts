import { join } from 'node:path';
import type { MainConfig } from '../config/config.js';
import { eventBusCreate, type EventBus } from '../ipc/eventBus.js';
import { auditLogOpen, type AuditLog } from '../services/audit/auditLog.js';
import { settingsStoreCreate, type SettingsStore } from '../services/settings/settingsStore.js';

/** The main-side services, built once per process and shared by Electron IPC and the browser host. */
export interface Services {
  config: MainConfig;
  bus: EventBus;
  settings: SettingsStore;
  audit: AuditLog;
}

export function servicesCreate(config: MainConfig): Services {
  return {
    config,
    bus: eventBusCreate(),
    settings: settingsStoreCreate(config.dataDir),
    audit: auditLogOpen(join(config.dataDir, 'audit.log')),
  };
}
