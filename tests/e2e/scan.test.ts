import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saneTestEnvCreate, type SaneTestEnv } from '../../scanner-drivers/sane/saneTestEnv.js';
import { browserLaunch, hostStart, pageOpen, screenshotDir } from '../support/browserHost.js';
import { clerk, counterStaff, signInAs } from '../support/counter.js';
import { workstationPrepare } from '../support/workstation.js';

const exec = promisify(execFile);
let browser: Browser;
let sane: SaneTestEnv;
beforeAll(async () => {
  browser = await browserLaunch();
  sane = await saneTestEnvCreate();
});
afterAll(async () => {
  await browser?.close();
  await sane?.remove();
});

describe('scanning during intake', () => {
  it('scans two components on the SANE test scanner and keeps them on the dossier as searchable PDFs', async () => {
    const host = await hostStart({ env: { SANE_CONFIG_DIR: sane.dir } });
    try {
      const page = await pageOpen(browser, host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      await signInAs(page, clerk);
      await page.keyboard.press('F2');
      await page.getByLabel('Tìm thủ tục theo tên hoặc mã (không cần dấu)').fill('khai sinh');
      await page.keyboard.press('Enter');
      await page.getByLabel('Họ và tên / tên tổ chức').fill('Vũ Minh Khôi');
      await page.keyboard.press('Alt+ArrowRight');
      for (const component of ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh']) {
        const device = page.getByLabel(`${component}: Máy quét`);
        const saneOption = (): Promise<string | undefined> =>
          device.locator('option').evaluateAll((opts) => opts.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith('sane:test')));
        await expect.poll(saneOption, { timeout: 30_000 }).toBeTruthy();
        await device.selectOption((await saneOption()) ?? '');
        await page.locator('tr', { hasText: component }).getByRole('button', { name: 'Quét' }).click();
        await expect.poll(() => page.locator('tr', { hasText: component }).textContent(), { timeout: 120_000 }).toContain('Đã đính kèm');
      }
      await page.screenshot({ path: join(screenshotDir, 'intake-scan.png') });
      await page.keyboard.press('Alt+ArrowRight');
      await page.keyboard.press('Alt+ArrowRight');
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => page.getByTestId('saved-code').isVisible(), { timeout: 20_000 }).toBe(true);
      await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
      await expect.poll(() => page.locator('[data-testid=timeline] li[data-type=file-attached]').count()).toBe(2);
      const attached = await page.locator('[data-testid=timeline] li[data-type=file-attached]').allTextContents();
      expect(attached.join(' ')).toMatch(/\.pdf[\s\S]*\.pdf/);
      // The PDFs are in the content-addressed store, each with the OCR text layer's font and our metadata.
      const digitised = join(host.dataDir, 'digitised');
      const pdfs: string[] = [];
      for (const dir of await readdir(digitised)) for (const f of await readdir(join(digitised, dir))) pdfs.push(join(digitised, dir, f));
      expect(pdfs).toHaveLength(2);
      for (const pdf of pdfs) {
        const info = await exec('pdfinfo', [pdf]);
        expect(info.stdout).toMatch(/Pages:\s+1/);
        expect(info.stdout).toMatch(/Producer:.*|Creator:.*/);
      }
    } finally {
      await host.stop();
    }
  }, 400_000);
});
