import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { keyStoreCreate } from '../../electron/services/keys/keyStore.js';
import { vnWall } from '../../shared/domain/time/vnTime.js';
import { crashBrowserStart, crashHostStart, type CrashBrowser, type CrashHost } from '../../tests/crash/crashKit.js';
import { pollUntil, signIn, workstationSetUp } from '../../tests/crash/crashUi.js';
import { clerk } from '../../tests/support/counter.js';
import { admin, staffFormSend } from '../../tests/support/workstation.js';
import { figuresOf, type Figures } from './stats.js';

// The app itself at 100,000 dossiers: the browser host (the same services and renderer as
// Electron) with Debian's Chromium on a profile that keeps the seeded store. Timed in the page:
// navigation → sign-in form ready, and the clerk's Enter on the sign-in form → the first rows of
// the worklist, where a clerk lands (sign-in, repair, the first query and React's render). The
// clerk's typing in between is what the person does, not what they wait for.

const root = join(import.meta.dirname, '..', '.tmp', 'counter-app');
const dataDir = join(root, 'data');
const profileDir = join(root, 'profile');
const marker = join(root, 'seeded.json');
// Fixed: IndexedDB belongs to the origin, so the seeded store is found again on the next start.
const port = Number(process.env.BENCH_COUNTER_APP_PORT ?? 47616);

interface Seeded {
  day: number;
  total: number;
}

type SeedFn = (total: number, batch: number, fresh: boolean, target: { dbName: string; keyBase64: string }) => Promise<{ ms: number; dossiers: number }>;

async function seededOf(): Promise<Seeded | null> {
  return JSON.parse(await readFile(marker, 'utf8').catch(() => 'null')) as Seeded | null;
}

async function browserClose(browser: CrashBrowser): Promise<void> {
  // A clean shutdown (a killed Chromium would recover its profile on the next start and skew it).
  const cdp = await browser.browser.newBrowserCDPSession();
  await cdp.send('Browser.close').catch(() => undefined);
  await pollUntil('chromium exit', async () => browser.exited(), (gone) => gone, 30_000);
}

/** Setup, then the bench page's seeding code loaded into the app's origin, writing the app's own store. */
async function seedApp(browser: CrashBrowser, host: CrashHost, benchPageUrl: string, total: number, log: (s: string) => void): Promise<void> {
  const page = browser.page;
  await workstationSetUp(page, 'http://127.0.0.1:9');
  // The clerk who opens the counter in the timed runs.
  await signIn(page, admin.username, admin.password);
  await page.keyboard.press('F9');
  await staffFormSend(page, clerk, 'Cán bộ một cửa');
  await pollUntil('clerk added', () => page.getByTestId('users').textContent(), (t) => (t ?? '').includes(clerk.displayName));
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.goto('about:blank');
  const keyBase64 = (await keyStoreCreate(dataDir).personalDataKey()).toString('base64');
  const seedPage = await browser.page.context().newPage();
  seedPage.on('console', (m) => log(`  [app seed] ${m.text()}`));
  // A 404 of the host: same origin as the app, no app running in it.
  await seedPage.goto(new URL('/bench-seed', host.url).href);
  const html = await (await fetch(benchPageUrl)).text();
  const script = /<script type="module" crossorigin src="\.\/([^"]+)"/.exec(html)?.[1];
  if (!script) throw new Error('bench page script not found');
  await seedPage.addScriptTag({ url: new URL(script, benchPageUrl).href, type: 'module' });
  await seedPage.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench !== undefined);
  const seeded = await seedPage.evaluate(
    ([n, key]) => ((window as unknown as { __bench: { seed: SeedFn } }).__bench.seed)(n, 1000, false, { dbName: 'motcua', keyBase64: key }),
    [total, keyBase64] as [number, string],
  );
  log(`app store: ${seeded.dossiers} dossiers, seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
  await seedPage.close();
}

const typingDelayMs = 90;

interface OpenTimes {
  formMs: number;
  worklistMs: number;
}

/**
 * Timed inside the page (the driver's polling would add up to 100 ms): a MutationObserver notes
 * when the sign-in button and the first worklist row appear, a capturing listener when the
 * sign-in form is submitted; `performance.now()` counts from the navigation. A string, because
 * tsx would wrap a function's inner names in a helper the page does not have.
 */
const marksScript = `
  window.__marks = {};
  const note = (name, present) => { if (present && window.__marks[name] === undefined) window.__marks[name] = performance.now(); };
  const signIn = 'form[aria-label="Đăng nhập"]';
  document.addEventListener('submit', (e) => note('submit', e.target instanceof Element && e.target.matches(signIn)), true);
  new MutationObserver(() => {
    note('form', document.querySelector(signIn + ' button[type=submit]') !== null);
    note('rows', document.querySelector('[data-testid=worklists] tbody tr') !== null);
  }).observe(document, { childList: true, subtree: true });
`;

async function openOnce(page: Page, url: string): Promise<OpenTimes> {
  await page.goto(url);
  const form = page.getByRole('form', { name: 'Đăng nhập' });
  await form.getByRole('button', { name: 'Đăng nhập' }).waitFor({ timeout: 60_000 });
  // Typed at a clerk's pace (about 1.4 s for both fields), then Enter: the app may use that time.
  await form.getByLabel('Tên đăng nhập').pressSequentially(clerk.username, { delay: typingDelayMs });
  await form.getByLabel('Mật khẩu').pressSequentially(clerk.password, { delay: typingDelayMs });
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=worklists] tbody tr').first().waitFor({ timeout: 120_000 });
  const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
  const { form: formAt, submit, rows } = marks;
  if (formAt === undefined || submit === undefined || rows === undefined) throw new Error(`page marks missing: ${JSON.stringify(marks)}`);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await form.waitFor({ timeout: 30_000 });
  return { formMs: formAt, worklistMs: rows - submit };
}

function rowsOf(label: string, times: OpenTimes[]): Figures[] {
  return [
    figuresOf(`app: open → sign-in form (${label})`, times.map((t) => t.formMs)),
    figuresOf(`app: Enter on sign-in → worklist rows (${label})`, times.map((t) => t.worklistMs)),
    figuresOf(`app: open → worklist, clerk's typing left out (${label})`, times.map((t) => t.formMs + t.worklistMs)),
  ];
}

/** Seeds the app's store once a day, then times reloads and browser restarts. */
export async function appStartMeasure(benchPageUrl: string, total: number, reloads: number, log: (s: string) => void): Promise<Figures[]> {
  const today = vnWall(Date.now()).day;
  const seeded = await seededOf();
  if (seeded?.day !== today || seeded.total !== total) {
    await rm(root, { recursive: true, force: true });
    await mkdir(profileDir, { recursive: true });
  }
  const host = await crashHostStart(dataDir, port);
  let browser = await crashBrowserStart(profileDir, host.url);
  try {
    if (seeded?.day !== today || seeded.total !== total) {
      await seedApp(browser, host, benchPageUrl, total, log);
      await writeFile(marker, JSON.stringify({ day: today, total } satisfies Seeded));
    }
    await browser.page.addInitScript({ content: marksScript });
    await openOnce(browser.page, host.url); // warm-up, not counted
    const warm: OpenTimes[] = [];
    for (let i = 0; i < reloads; i++) warm.push(await openOnce(browser.page, host.url));
    const restarted: OpenTimes[] = [];
    for (let i = 0; i < Math.min(3, reloads); i++) {
      await browserClose(browser);
      browser = await crashBrowserStart(profileDir, 'about:blank');
      await browser.page.addInitScript({ content: marksScript });
      restarted.push(await openOnce(browser.page, host.url));
    }
    return [...rowsOf('reload', warm), ...rowsOf('browser restarted', restarted)];
  } finally {
    await browserClose(browser).catch(() => browser.kill());
    await host.kill();
  }
}
