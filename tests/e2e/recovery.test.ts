import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumArgs, hostStart } from '../support/browserHost.js';
import { clerk, counterStaff, intake, signInAs } from '../support/counter.js';
import { admin, signIn, workstationPrepare } from '../support/workstation.js';

// Issue 11: a corrupted database file leads to the recovery screen, and restoring a backup made
// earlier brings the dossiers back. The database is Chromium's IndexedDB (LevelDB files in the
// profile); the browser is closed, a file of it is damaged the way a bad disk block or a torn
// write would, and the same profile is opened again against the same host (same origin).

async function contextOpen(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: chromiumArgs,
    headless: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1280, height: 800 },
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

async function leveldbDir(profile: string): Promise<string> {
  const root = join(profile, 'Default', 'IndexedDB');
  const dir = (await readdir(root)).find((n) => n.endsWith('.indexeddb.leveldb'));
  if (!dir) throw new Error(`no IndexedDB store under ${root}`);
  return join(root, dir);
}

async function findDossier(page: Page, code: string): Promise<number> {
  const box = page.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp');
  await box.fill('');
  await box.fill(code);
  await page.waitForTimeout(300);
  return page.locator(`tr[data-code="${code}"]`).count();
}

describe('recovery from a corrupted database', () => {
  it('shows the recovery screen instead of an empty app, and a backup made earlier brings the dossiers back', async () => {
    const host = await hostStart();
    const profile = await mkdtemp(join(tmpdir(), 'motcua-profile-'));
    const usb = await mkdtemp(join(tmpdir(), 'motcua-usb-'));
    const passphrase = 'sao-luu-xa-tan-lap';
    try {
      // Day one: two dossiers, then a backup to the USB stick.
      const first = await contextOpen(profile);
      let page = first.page;
      await page.goto(host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      await signInAs(page, clerk);
      const codes = [
        await intake(page, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương', idNumber: '001190012345', birthYear: '1990' }),
        await intake(page, { procedureQuery: 'khai sinh', name: 'Vũ Minh Khôi' }),
      ];
      await page.keyboard.press('F9');
      // The panel loads the saved folder (none yet) when it opens: fill once that answer is in.
      const folder = page.getByLabel('Thư mục / ổ USB (sao lưu hằng ngày)');
      await expect
        .poll(async () => {
          await folder.fill(usb);
          await page.waitForTimeout(300);
          return folder.inputValue();
        })
        .toBe(usb);
      await page.locator('#backup-pass').fill(passphrase);
      await page.locator('#backup-confirm').fill(passphrase);
      await page.getByTestId('backup-create').click();
      await expect.poll(() => page.getByTestId('backup-message').textContent(), { timeout: 60_000 }).toContain('Đã sao lưu');
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await first.context.close();

      // The PC loses power while LevelDB rewrites its manifest: the block reads back as zeros.
      const ldb = await leveldbDir(profile);
      const manifest = (await readdir(ldb)).find((n) => n.startsWith('MANIFEST-'));
      expect(manifest).toBeTruthy();
      const manifestPath = join(ldb, manifest ?? '');
      await writeFile(manifestPath, Buffer.alloc((await stat(manifestPath)).size, 0));

      const second = await contextOpen(profile);
      page = second.page;
      try {
        await page.goto(host.url);
        await signIn(page, admin.username, admin.password);
        await page.keyboard.press('F3');
        // Not an empty worklist: the recovery screen, with both ways back.
        await expect.poll(() => page.getByTestId('recovery-screen').isVisible(), { timeout: 30_000 }).toBe(true);
        expect(await page.getByTestId('worklists').count()).toBe(0);
        expect(await page.getByTestId('recovery-code').textContent()).toBe('db-lost');
        await expect.poll(() => page.getByTestId('recovery-repull').isVisible()).toBe(true);
        // A retry does not paper over the loss (the browser reports it only once).
        await page.getByRole('button', { name: 'Thử mở lại' }).click();
        await expect.poll(() => page.getByTestId('recovery-screen').isVisible()).toBe(true);

        await page.locator('#recovery-folder').fill(usb);
        await page.getByRole('button', { name: 'Tìm bản sao' }).click();
        await expect.poll(() => page.getByTestId('recovery-restore').isVisible(), { timeout: 30_000 }).toBe(true);
        await page.locator('#recovery-pass').fill(passphrase);
        await page.getByTestId('recovery-restore').click();
        await expect.poll(() => page.getByTestId('worklists').isVisible(), { timeout: 60_000 }).toBe(true);
        for (const code of codes) await expect.poll(() => findDossier(page, code), { timeout: 30_000 }).toBe(1);
        await expect.poll(() => findDossier(page, codes[0] ?? '')).toBe(1);
        await page.locator(`tr[data-code="${codes[0]}"]`).click();
        // The restored dossier opens with its sealed personal data readable.
        await expect.poll(() => page.getByTestId('dossier-page').textContent()).toContain('001190012345');

        // And the next start is an ordinary one.
        await page.reload();
        await expect.poll(() => page.getByTestId('who').isVisible(), { timeout: 30_000 }).toBe(true);
        await expect
          .poll(async () => {
            await page.keyboard.press('F3');
            return (await page.getByTestId('worklists').isVisible()) || (await page.getByTestId('recovery-screen').isVisible());
          }, { timeout: 30_000 })
          .toBe(true);
        expect(await page.getByTestId('recovery-screen').count()).toBe(0);
      } finally {
        await second.context.close();
      }
    } finally {
      await host.stop();
      await rm(profile, { recursive: true, force: true });
      await rm(usb, { recursive: true, force: true });
    }
  }, 400_000);
});
