import { scanError } from './errors.js';
import { EsclDriver, type EsclDeviceConfig } from './escl/esclDriver.js';
import { FakeDriver, type FakeDeviceConfig } from './fake/fakeDriver.js';
import { FolderDriver, type HotFolderConfig } from './folder/folderDriver.js';
import { SaneDriver } from './sane/saneDriver.js';
import { TwainDriver } from './twain/naps2Driver.js';
import type { ScanCapabilities, ScanDevice, ScanOptions, ScannerDriver, ScanPage, ScanRequest } from './types.js';
import { WiaDriver } from './wia/wiaDriver.js';

// Picks the driver of a device by its id prefix (`sane:…`, `escl:…`, `wia:…`, `twain:…`,
// `folder:…`, `fake:…`) and lists the devices of all drivers at once. A driver that fails to
// list (program missing, network down) is reported beside the list, never hiding the others.

export interface DeviceListing {
  devices: ScanDevice[];
  /** Drivers that could not list, with the reason. */
  failures: { driver: string; message: string }[];
}

export class ScannerRegistry {
  private readonly byName = new Map<string, ScannerDriver>();

  constructor(drivers: ScannerDriver[]) {
    for (const d of drivers) {
      if (this.byName.has(d.name)) throw new Error(`duplicate scanner driver ${d.name}`);
      this.byName.set(d.name, d);
    }
  }

  get drivers(): ScannerDriver[] {
    return [...this.byName.values()];
  }

  driverFor(deviceId: string): ScannerDriver {
    const prefix = deviceId.slice(0, Math.max(0, deviceId.indexOf(':')));
    const driver = this.byName.get(prefix);
    if (!driver) throw scanError('scanner-offline', { deviceId, known: [...this.byName.keys()] }, `không có trình điều khiển cho "${deviceId}"`);
    return driver;
  }

  async devices(signal?: AbortSignal): Promise<DeviceListing> {
    const results = await Promise.allSettled(this.drivers.map((d) => d.devices(signal)));
    const listing: DeviceListing = { devices: [], failures: [] };
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') listing.devices.push(...r.value);
      else listing.failures.push({ driver: this.drivers[i]!.name, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
    });
    return listing;
  }

  capabilities(deviceId: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    return this.driverFor(deviceId).capabilities(deviceId, signal);
  }

  scan(deviceId: string, request: ScanRequest, options?: ScanOptions): AsyncIterable<ScanPage> {
    return this.driverFor(deviceId).scan(deviceId, request, options);
  }
}

export interface ScannerSetup {
  platform?: NodeJS.Platform;
  /** Environment for scanimage (SANE_CONFIG_DIR). */
  env?: NodeJS.ProcessEnv;
  escl?: EsclDeviceConfig[];
  folders?: HotFolderConfig[];
  fake?: FakeDeviceConfig[];
  naps2Path?: string;
}

/** The drivers that make sense on this platform: SANE off Windows, WIA and TWAIN on it. */
export function scannerRegistryCreate(setup: ScannerSetup = {}): ScannerRegistry {
  const platform = setup.platform ?? process.platform;
  const drivers: ScannerDriver[] = [];
  if (platform === 'win32') {
    drivers.push(new WiaDriver(), new TwainDriver(setup.naps2Path ? { naps2: setup.naps2Path } : {}));
  } else {
    drivers.push(new SaneDriver(setup.env ? { env: setup.env } : {}));
  }
  drivers.push(new EsclDriver({ devices: setup.escl ?? [] }));
  drivers.push(new FolderDriver({ folders: setup.folders ?? [] }));
  drivers.push(new FakeDriver(setup.fake ? { devices: setup.fake } : {}));
  return new ScannerRegistry(drivers);
}
