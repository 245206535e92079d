import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateFeedUrl, updaterStart, type AppUpdaterLike } from './updater.js';

// electron-updater needs Electron to load, so the check loop is driven here with a stand-in
// that fails like an unreachable server does (a rejected checkForUpdates and an 'error' event).
function unreachableUpdater(): AppUpdaterLike & { feeds: string[]; emitError(e: Error): void } {
  const listeners: ((e: Error) => void)[] = [];
  const feeds: string[] = [];
  return {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: true,
    logger: null,
    feeds,
    setFeedURL: (o) => void feeds.push(o.url),
    checkForUpdates: () => Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED')),
    on: (event: string, listener: (arg: never) => void) => {
      if (event === 'error') listeners.push(listener as (e: Error) => void);
      return undefined;
    },
    emitError: (e) => listeners.forEach((l) => l(e)),
  };
}

describe('updater', () => {
  it('derives the generic feed folder from the server URL and refuses plain http elsewhere', () => {
    expect(updateFeedUrl('https://motcua.tinh.gov.vn')).toBe('https://motcua.tinh.gov.vn/updates/');
    expect(updateFeedUrl('https://motcua.tinh.gov.vn/api/?x=1')).toBe('https://motcua.tinh.gov.vn/api/updates/');
    expect(updateFeedUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/updates/');
    expect(() => updateFeedUrl('http://motcua.tinh.gov.vn')).toThrow(/https/);
  });

  it('logs and carries on when the server is unreachable or not configured', async () => {
    const fake = unreachableUpdater();
    const logs: string[] = [];
    let server: string | null = null;
    const u = await updaterStart({ serverUrl: async () => server, log: (l, m) => logs.push(`${l}: ${m}`), updater: fake });
    expect(await u.check()).toBe('not-configured');
    server = 'https://motcua.tinh.gov.vn';
    expect(await u.check()).toBe('unreachable');
    fake.emitError(new Error('ECONNREFUSED'));
    u.stop();
    expect(fake.feeds).toEqual(['https://motcua.tinh.gov.vn/updates/']);
    expect(fake.autoDownload && fake.autoInstallOnAppQuit && !fake.allowDowngrade).toBe(true);
    expect(logs).toContain('warn: update server unreachable, the app carries on: net::ERR_NAME_NOT_RESOLVED');
    expect(logs).toContain('warn: update check failed: ECONNREFUSED');
  });

  it('is never imported by the browser host or the shared services', () => {
    const root = join(import.meta.dirname, '../../..');
    const offenders: string[] = [];
    const scan = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const abs = join(dir, e.name);
        if (e.isDirectory()) scan(abs);
        else if (/\.tsx?$/.test(e.name) && !abs.includes('services/updater') && readFileSync(abs, 'utf8').includes('electron-updater')) offenders.push(abs);
      }
    };
    for (const dir of ['electron/host', 'electron/app', 'electron/ipc', 'renderer', 'shared', 'server']) scan(join(root, dir));
    expect(offenders).toEqual([]);
    // Only a dynamic import inside updaterStart.
    const source = readFileSync(join(import.meta.dirname, 'updater.ts'), 'utf8');
    expect(source).not.toMatch(/^import .*electron-updater/m);
  });
});
