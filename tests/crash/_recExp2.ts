import { cp, open, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../support/browserHost.js';
import { crashHostStart } from './crashKit.js';
import { signIn } from './crashUi.js';

const root = process.argv[2] ?? '';
const port = Number(process.argv[3]);
const variant = process.argv[4] ?? 'log';
const prof = join(root, `profile-${variant}`);
await cp(join(root, 'profile'), prof, { recursive: true });
const ldb = join(prof, 'Default', 'IndexedDB', `http_127.0.0.1_${port}.indexeddb.leveldb`);
const files = await readdir(ldb);
console.log(files);
if (variant === 'log') {
  const f = files.find((n) => n.endsWith('.log') && n !== 'LOG') ?? '';
  const h = await open(join(ldb, f), 'r+');
  const size = (await h.stat()).size;
  await h.write(Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 3));
  await h.close();
} else if (variant === 'manifest') {
  const f = files.find((n) => n.startsWith('MANIFEST')) ?? '';
  await writeFile(join(ldb, f), Buffer.alloc(64, 0x5a));
} else if (variant === 'current') {
  await writeFile(join(ldb, 'CURRENT'), 'MANIFEST-000099\n');
}
const host = await crashHostStart(join(root, 'data'), port);
try {
const ctx = await chromium.launchPersistentContext(prof, { executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true, locale: 'vi-VN' });
const page = ctx.pages()[0] ?? (await ctx.newPage());
await ctx.addInitScript(`(() => { const o = indexedDB.open.bind(indexedDB); window.__losses = []; indexedDB.open = (...a) => { const r = o(...a); r.addEventListener('upgradeneeded', (e) => window.__losses.push([a[0], e.oldVersion, e.dataLoss, e.dataLossMessage])); return r; }; })()`);
page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
await page.goto(host.url);
await signIn(page, 'admin', 'mat-khau-admin');
await page.keyboard.press('F3');
await page.waitForTimeout(5000);
console.log('recovery?', await page.getByTestId('recovery-screen').isVisible(), 'worklists?', await page.getByTestId('worklists').isVisible());
console.log('losses:', await page.evaluate('JSON.stringify(window.__losses)'));
console.log((await page.locator('body').textContent())?.slice(0, 600));
await ctx.close();
} finally { await host.kill(); }
