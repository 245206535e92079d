import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../support/browserHost.js';
import { crashHostStart, portFree } from './crashKit.js';
import { signIn, workstationSetUp } from './crashUi.js';

const root = await mkdtemp(join(tmpdir(), 'motcua-recexp-'));
const port = await portFree();
const host = await crashHostStart(join(root, 'data'), port);
const ctx = await chromium.launchPersistentContext(join(root, 'profile'), { executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true, locale: 'vi-VN' });
const page = ctx.pages()[0] ?? (await ctx.newPage());
await page.goto(host.url);
await workstationSetUp(page, 'http://127.0.0.1:9');
await signIn(page, 'admin', 'mat-khau-admin');
await page.keyboard.press('F3');
await page.getByTestId('worklists').waitFor();
await page.waitForTimeout(2000);
await ctx.close();
async function walk(d: string): Promise<void> {
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) await walk(p);
    else console.log(p.slice(root.length), (await stat(p)).size);
  }
}
await walk(join(root, 'profile', 'Default', 'IndexedDB'));
await host.kill();
console.log(root);
