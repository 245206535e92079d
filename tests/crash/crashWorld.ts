import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serverConfigParse } from '../../server/config.js';
import { serverStart, type RunningServer } from '../../server/start.js';
import { userAdd } from '../../server/services/users.js';
import { saneTestEnvCreate, type SaneTestEnv } from '../../scanner-drivers/sane/saneTestEnv.js';
import { crashBrowserStart, crashHostStart, portFree, rendererPids, type CrashBrowser, type CrashHost } from './crashKit.js';
import { pollUntil, signIn, workstationSetUp } from './crashUi.js';
import { gateProxyStart, type GateProxy } from './gateProxy.js';

// Everything one crash run keeps across its rounds: the workstation's data folder and Chromium
// profile (both outlive every kill), the provincial server behind a switchable line, and the
// processes currently alive.

export type Target = 'host' | 'renderer' | 'browser';

export const clerkUser = { username: 'hoa', password: 'mat-khau-hoa-01' };

export interface World {
  root: string;
  dataDir: string;
  profileDir: string;
  port: number;
  sane: SaneTestEnv;
  server: RunningServer;
  gate: GateProxy;
  host: CrashHost | null;
  browser: CrashBrowser | null;
  page: Page | null;
  pageBroken: boolean;
  /** The host URL the page was opened at (a restarted host has a new token). */
  pageUrl: string;
}

export async function worldCreate(workDir?: string): Promise<World> {
  const root = workDir ?? (await mkdtemp(join(tmpdir(), 'motcua-crash-')));
  const dataDir = join(root, 'data');
  const profileDir = join(root, 'profile');
  await mkdir(dataDir, { recursive: true });
  await mkdir(profileDir, { recursive: true });
  const config = serverConfigParse(['--port', '0', '--data', join(root, 'server'), '--init'], {}, process.cwd());
  const server = await serverStart(config, {});
  await userAdd(server.db, { ...clerkUser, role: 'clerk', units: ['H29.01'] });
  const world: World = {
    root,
    dataDir,
    profileDir,
    port: await portFree(),
    sane: await saneTestEnvCreate(),
    server,
    gate: await gateProxyStart(server.port),
    host: null,
    browser: null,
    page: null,
    pageBroken: false,
    pageUrl: '',
  };
  const page = await worldReady(world, { setUp: true });
  await workstationSetUp(page, world.gate.url);
  await worldReady(world);
  return world;
}

/** Restarts whatever a kill took down, opens the app and signs the clerk in on a counter screen. */
export async function worldReady(world: World, options: { setUp?: boolean } = {}): Promise<Page> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await worldReadyOnce(world, options);
    } catch (err) {
      // A tab opened while Chromium still reaps a killed renderer can crash at once ("Target
      // crashed"): start Chromium afresh, a few times, before calling it a failure.
      if (attempt >= 3) throw err;
      await world.browser?.kill();
      world.browser = null;
    }
  }
}

async function worldReadyOnce(world: World, options: { setUp?: boolean }): Promise<Page> {
  if (!world.host || world.host.exited()) {
    world.host = await crashHostStart(world.dataDir, world.port, { SANE_CONFIG_DIR: world.sane.dir });
  }
  if (!world.browser || world.browser.exited() || !world.browser.browser.isConnected()) {
    await world.browser?.kill();
    world.browser = await crashBrowserStart(world.profileDir, world.host.url);
    world.page = world.browser.page;
  } else {
    if (!world.page || world.pageBroken || world.page.isClosed()) {
      await world.page?.close().catch(() => undefined);
      const context = world.browser.browser.contexts()[0];
      if (!context) throw new Error('chromium lost its context');
      world.page = await context.newPage();
      world.pageUrl = '';
    }
    if (world.pageUrl !== world.host.url) await world.page.goto(world.host.url);
  }
  world.pageUrl = world.host.url;
  world.pageBroken = false;
  const page = world.page;
  if (!page) throw new Error('no page');
  if (options.setUp) return page;
  // The sign-in form can flash while the app asks the host whether someone is signed in.
  let formSeen = 0;
  await pollUntil(
    'sign-in form or a signed-in app',
    async () => {
      if (await page.getByTestId('who').isVisible()) return 'in';
      formSeen = (await page.getByRole('form', { name: 'Đăng nhập' }).isVisible()) ? formSeen + 1 : 0;
      return formSeen >= 4 ? 'form' : '';
    },
    (v) => v !== '',
  );
  if (!(await page.getByTestId('who').isVisible())) await signIn(page, clerkUser.username, clerkUser.password);
  // A counter screen opens the database (and runs the start-up repair) and starts replication.
  await page.keyboard.press('F3');
  // Not busy: the start-up repair (in the background) is done, so the store can be checked.
  await page.locator('[data-testid=worklists][aria-busy=false]').waitFor({ timeout: 30_000 });
  return page;
}

/** SIGKILL, no warning: the host's process group, the tab's renderer process, or all of Chromium. */
export async function worldKill(world: World, target: Target): Promise<Target> {
  if (target === 'host') {
    await world.host?.kill();
    // The renderer lives on without its host for a moment (as in Electron when the main process
    // dies), then the page is dropped so the interrupted work stops; the next round opens a new one.
    await new Promise((r) => setTimeout(r, 1_500));
    await world.page?.close().catch(() => undefined);
    world.pageBroken = true;
    return target;
  }
  const browser = world.browser;
  if (!browser) return target;
  if (target === 'renderer' && browser.child.pid) {
    const pids = await rendererPids(browser.child.pid);
    if (pids.length > 0) {
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      world.pageBroken = true;
      return target;
    }
  }
  await browser.kill();
  return 'browser';
}

export async function worldClose(world: World): Promise<void> {
  await world.browser?.kill();
  await world.host?.kill();
  await world.gate.close();
  await world.server.close();
  await world.sane.remove();
}
