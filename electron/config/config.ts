import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScannerSetup } from '../../scanner-drivers/registry.js';

// Paths, ports and timeouts of the main-side services. Electron's main.ts and the browser host
// both build one of these; tests override any field.

export interface MainConfig {
  host: 'electron' | 'browser';
  version: string;
  /** Workstation data: settings, audit log, blob store, keys. */
  dataDir: string;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** Shipped read-only data: fonts, OCR language data, sample rule packs. */
  resourcesDir: string;
  timeouts: { commandMs: number; deviceMs: number; linkMs: number };
  /** How often the provincial server is checked (reachability, clock offset). */
  linkIntervalMs: number;
  /** The PC clock; tests inject a wrong one (years behind, hours ahead). */
  pcClock: () => number;
  /** Largest accepted difference from the server clock before records are blocked. */
  clockBoundMs: number;
  /** PEM file of the trust roots for signature verification (national root, VGCA, public CAs). */
  trustRootsFile: string | null;
  /** RFC 3161 timestamp server for PAdES B-T, when the province provides one. */
  tsaUrl: string | null;
  /** Scanners besides the platform's own (eSCL by URL, hot folders, demo fakes). */
  scanners: ScannerSetup;
}

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MOTCUA_DATA_DIR) return resolve(env.MOTCUA_DATA_DIR);
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'MotCua');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'motcua');
}

export function configCreate(overrides: Partial<MainConfig> = {}): MainConfig {
  return {
    host: 'browser',
    version: '0.0.0',
    dataDir: defaultDataDir(),
    rendererDir: join(repoRoot, 'out', 'renderer'),
    resourcesDir: join(repoRoot, 'resources'),
    timeouts: { commandMs: 30_000, deviceMs: 120_000, linkMs: 5_000 },
    linkIntervalMs: 15_000,
    scanners: {},
    trustRootsFile: null,
    tsaUrl: null,
    pcClock: Date.now,
    clockBoundMs: 5 * 60_000,
    ...overrides,
  };
}
