import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { commandNames } from '../shared/contract/commands.js';
import { backendCreate } from './app/backend.js';
import { configCreate } from './config/config.js';
import { contentSecurityPolicy } from './config/csp.js';
import { windowCreate, windowHarden } from './config/window.js';
import { updaterStart } from './services/updater/updater.js';

// Composition root of the Electron app: config → backend (services + router) → IPC → window.
// Everything else lives in services and is shared with the browser host.

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  const config = configCreate({
    host: 'electron',
    version: app.getVersion(),
    dataDir: process.env.MOTCUA_DATA_DIR ?? join(app.getPath('userData'), 'data'),
    rendererDir: join(__dirname, '../renderer'),
    resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(__dirname, '../../resources'),
  });
  // Workstation secrets are sealed with the OS keychain (DPAPI / Keychain / libsecret).
  const backend = backendCreate(config, {
    sealer: {
      seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
      open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
    },
  });

  for (const name of commandNames) {
    ipcMain.handle(name, (event, args: unknown) => {
      // Only our own window may call; anything else (an injected frame) is refused.
      if (event.senderFrame?.url !== mainWindow?.webContents.getURL()) {
        return { ok: false, error: { code: 'forbidden', message: 'unknown sender' } };
      }
      return backend.invoke(name, args, 'ipc');
    });
  }
  backend.services.bus.subscribe((name, payload) => mainWindow?.webContents.send(name, payload));

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy('electron')] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  mainWindow = windowCreate(join(__dirname, '../preload/preload.cjs'));
  windowHarden(mainWindow.webContents);
  await mainWindow.loadFile(join(config.rendererDir, 'index.html'));
  // Updates only for the installed app (a dev run has no app-update.yml); never fatal.
  if (app.isPackaged) {
    void updaterStart({
      serverUrl: async () => (await backend.services.settings.get().catch(() => null))?.serverUrl ?? null,
      log: (level, message) => console[level === 'info' ? 'log' : level](`[updater] ${message}`),
    }).catch((err: unknown) => console.warn('[updater] not started:', err));
  }
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});
app.on('window-all-closed', () => app.quit());
app.on('web-contents-created', (_event, contents) => windowHarden(contents));
void app.whenReady().then(start);
