import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunch, hostStart, pageOpen, screenshotDir } from '../support/browserHost.js';
import { admin, signIn } from '../support/workstation.js';

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
  await mkdir(screenshotDir, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('the frame in the browser host', () => {
  it('completes the first-run setup in Vietnamese and keeps it across a reload', async () => {
    const host = await hostStart();
    try {
      const page = await pageOpen(browser, host.url);
      await expect.poll(() => page.getByRole('heading', { name: 'Thiết lập lần đầu' }).isVisible()).toBe(true);
      // Invalid input is refused with a reason next to the field.
      await page.getByLabel('Mã cơ quan (mã định danh)').fill('x');
      await page.getByRole('button', { name: 'Lưu và bắt đầu' }).click();
      await expect.poll(() => page.locator('#agencyCode-msg').textContent()).toContain('Mã cơ quan');
      await page.getByLabel('Mã cơ quan (mã định danh)').fill('000.00.12.H29');
      await page.getByLabel('Tên đơn vị').fill('UBND xã Tân Lập');
      await page.getByLabel('Tên máy trạm').fill('Quầy 1');
      await page.getByLabel('Địa chỉ máy chủ tỉnh').fill('http://example.org');
      await page.getByRole('button', { name: 'Lưu và bắt đầu' }).click();
      await expect.poll(() => page.locator('#serverUrl-msg').textContent()).toContain('HTTPS');
      await page.getByLabel('Địa chỉ máy chủ tỉnh').fill('https://motcua.example.gov.vn');
      await page.screenshot({ path: join(screenshotDir, 'setup.png') });
      await page.getByRole('button', { name: 'Lưu và bắt đầu' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Tạo tài khoản quản trị máy trạm' }).isVisible()).toBe(true);
      await page.getByLabel('Họ và tên').fill(admin.displayName);
      await page.getByLabel('Tên đăng nhập').fill(admin.username);
      await page.getByLabel('Mật khẩu').fill('ngan');
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await expect.poll(() => page.locator('#admin-password-msg').textContent()).toContain('tối thiểu 8');
      await page.getByLabel('Mật khẩu').fill(admin.password);
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.screenshot({ path: join(screenshotDir, 'signin.png') });
      await signIn(page, admin.username, admin.password);
      await expect.poll(() => page.getByTestId('home').textContent()).toContain('Quầy 1');
      // The provincial server URL points nowhere reachable: the status bar says so, and work goes on.
      await expect.poll(() => page.getByTestId('net-state').textContent()).toBe('Mất mạng – vẫn làm việc bình thường');
      await page.screenshot({ path: join(screenshotDir, 'home.png') });
      await page.reload();
      await expect.poll(() => page.getByTestId('home').textContent()).toContain('UBND xã Tân Lập');
      // The idle lock (Ctrl+L here) hides the shell entirely until someone signs in again.
      await page.keyboard.press('Control+l');
      await expect.poll(() => page.getByRole('heading', { name: 'Màn hình đã khoá' }).isVisible()).toBe(true);
      expect(await page.getByTestId('home').count()).toBe(0);
      await signIn(page, admin.username, admin.password);
    } finally {
      await host.stop();
    }
  });

  it('shows the fatal start-up screen when the settings file is corrupt', async () => {
    const host = await hostStart();
    try {
      await writeFile(join(host.dataDir, 'settings.json'), '{ not json');
      const page = await pageOpen(browser, host.url);
      await expect.poll(() => page.getByTestId('fatal-code').textContent()).toBe('settings-corrupt');
      expect(await page.getByRole('heading', { name: 'Không khởi động được MộtCửa' }).isVisible()).toBe(true);
      await page.screenshot({ path: join(screenshotDir, 'fatal.png') });
    } finally {
      await host.stop();
    }
  });

  it('refuses a WebSocket without the start-up token', async () => {
    const host = await hostStart();
    try {
      const page = await pageOpen(browser, host.url.replace(/token=.*/, 'token=wrong'));
      await expect.poll(() => page.getByTestId('fatal-code').textContent()).toBe('device-offline');
    } finally {
      await host.stop();
    }
  });
});
