import { BrowserWindow, type WebContents } from 'electron';

// Electron's security checklist, in one place: isolated, sandboxed renderer without Node,
// no navigation away from the bundle, no new windows, no webviews, no middle-click (auxclick)
// navigation. The options are written literally inside `new BrowserWindow(...)` so that static
// checkers (Electronegativity, tests/hardening) see them.

export function windowCreate(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'MộtCửa',
    show: true,
    webPreferences: {
      // Reviewed (Electronegativity PRELOAD_JS_CHECK): the preload exposes one typed function per
      // contract command and event name (electron/preload.ts), never ipcRenderer or Node itself.
      preload: preloadPath, /* eng-disable PRELOAD_JS_CHECK */
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      navigateOnDragDrop: false,
    },
  });
}

export function windowHarden(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
