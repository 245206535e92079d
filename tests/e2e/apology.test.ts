import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunch, hostStart, pageOpen } from '../support/browserHost.js';
import { clerk, counterStaff, intake, signInAs } from '../support/counter.js';
import { workstationPrepare } from '../support/workstation.js';

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

describe('a late dossier', () => {
  it('offers the apology letter (Mẫu 04) without being asked once its due time has passed', async () => {
    // The workstation took this dossier in ten days ago (its clock then); the clerk looks at it today.
    const host = await hostStart({ env: { MOTCUA_CLOCK_SKEW_MS: String(-10 * 86_400_000) } });
    try {
      const page = await pageOpen(browser, host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      await signInAs(page, clerk);
      const code = await intake(page, { procedureQuery: 'nhan cha me', name: 'Hà Văn Muộn' });
      await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
      await expect.poll(() => page.getByTestId('dossier-code').textContent()).toBe(code);
      await expect.poll(() => page.getByTestId('apology-offer').isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      // It is in the overdue list, and opening it from there offers the apology again.
      await page.getByRole('tab', { name: /Quá hạn/ }).click();
      await page.locator(`tr[data-code="${code}"]`).click();
      await expect.poll(() => page.getByTestId('apology-offer').isVisible()).toBe(true);
      const form = page.getByRole('form', { name: 'Thư xin lỗi' });
      expect(await form.isVisible()).toBe(true);
      await form.getByLabel('Lý do').fill('Chờ xác minh của cơ quan khác');
      await form.getByLabel('Ngày hẹn mới').fill(new Date(Date.now() + 20 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 16));
      await form.getByRole('button', { name: 'Xác nhận' }).click();
      await expect.poll(() => page.locator('[data-testid=timeline] li[data-type=apology-issued]').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Mẫu 04' }).isVisible()).toBe(true);
    } finally {
      await host.stop();
    }
  }, 300_000);
});
