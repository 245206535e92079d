// Updates from the provincial server with electron-updater's generic provider. The server hosts
// what electron-builder writes to dist/ (latest.yml / latest-linux.yml, the installers and their
// blockmaps) under <serverUrl>/updates/. Staged rollout is electron-updater's own: the server
// adds `stagingPercentage: N` to latest.yml and each workstation (by its stable random
// updater id) takes the update only when it falls inside the first N %. When the server cannot
// be reached the check is logged and the app carries on; nothing here throws into the app.
//
// electron-updater requires Electron at load time, so it is imported lazily inside
// `updaterStart`, which only electron/main.ts calls; the browser host never loads it.

/** The part of electron-updater's AppUpdater that we use (tests pass their own). */
export interface AppUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  logger: { info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void; debug?(m: string): void } | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
}

export interface UpdaterOptions {
  /** The provincial server from the workstation settings; null before setup. */
  serverUrl: () => Promise<string | null>;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Told when an update is downloaded; it installs when the app quits. */
  onDownloaded?: (version: string) => void;
  checkEveryMs?: number;
  /** Defaults to electron-updater's autoUpdater. */
  updater?: AppUpdaterLike;
}

export interface Updater {
  check(): Promise<'checked' | 'unreachable' | 'not-configured'>;
  stop(): void;
}

/** `https://tinh.example.gov.vn/` → `https://tinh.example.gov.vn/updates/` (the generic provider wants the folder). */
export function updateFeedUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname))) {
    throw new Error(`updates need https: ${serverUrl}`);
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/updates/`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

export async function updaterStart(options: UpdaterOptions): Promise<Updater> {
  const updater: AppUpdaterLike = options.updater ?? ((await import('electron-updater')).autoUpdater as unknown as AppUpdaterLike);
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  const text = (m: unknown): string => (m instanceof Error ? m.message : String(m));
  updater.logger = {
    info: (m) => options.log('info', text(m)),
    warn: (m) => options.log('warn', text(m)),
    error: (m) => options.log('error', text(m)),
  };
  // Without a listener an 'error' event would be thrown by the EventEmitter.
  updater.on('error', (error) => options.log('warn', `update check failed: ${error.message}`));
  updater.on('update-downloaded', (info) => {
    options.log('info', `update ${info.version} downloaded; installs on quit`);
    options.onDownloaded?.(info.version);
  });
  let feed: string | null = null;
  const check = async (): Promise<'checked' | 'unreachable' | 'not-configured'> => {
    let url: string | null;
    try {
      const server = await options.serverUrl();
      url = server ? updateFeedUrl(server) : null;
    } catch (err) {
      options.log('warn', `no update feed: ${text(err)}`);
      return 'not-configured';
    }
    if (!url) return 'not-configured';
    if (url !== feed) {
      updater.setFeedURL({ provider: 'generic', url, channel: 'latest' });
      feed = url;
    }
    try {
      await updater.checkForUpdates();
      return 'checked';
    } catch (err) {
      options.log('warn', `update server unreachable, the app carries on: ${text(err)}`);
      return 'unreachable';
    }
  };
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 4 * 60 * 60 * 1000);
  timer.unref();
  void check();
  return { check, stop: () => clearInterval(timer) };
}
