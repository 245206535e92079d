import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunch, hostStart, pageOpen, screenshotDir } from '../support/browserHost.js';
import { clerk, counterStaff, intake, signInAs } from '../support/counter.js';
import { admin, signIn, workstationPrepare } from '../support/workstation.js';

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the supervisor’s end of day', () => {
  it('shows the clerk’s figures and money, signs the day off, and exports a workbook with the same figures', async () => {
    const host = await hostStart();
    try {
      const page = await pageOpen(browser, host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      // The commune's leader, as a supervisor on this workstation.
      await signIn(page, admin.username, admin.password);
      await page.keyboard.press('F9');
      const form = page.getByRole('form', { name: 'Thêm người dùng' });
      await form.getByLabel('Họ và tên').fill('Phạm Lãnh Đạo');
      await form.getByLabel('Tên đăng nhập').fill('sep');
      await form.getByLabel('Mật khẩu').fill('mat-khau-sep');
      await form.getByLabel('Vai trò').selectOption({ label: 'Lãnh đạo/giám sát' });
      await form.getByRole('button', { name: 'Thêm người dùng' }).click();
      await expect.poll(() => page.getByTestId('users').textContent()).toContain('Phạm Lãnh Đạo');
      await page.getByRole('button', { name: 'Đăng xuất' }).click();

      await signInAs(page, clerk);
      await intake(page, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương' });
      await intake(page, { procedureQuery: 'nhan cha me', name: 'Lê Văn Tám' });
      await page.getByRole('button', { name: 'Đăng xuất' }).click();

      await signIn(page, 'sep', 'mat-khau-sep');
      expect(await page.getByRole('button', { name: /Tiếp nhận/ }).count()).toBe(0);
      await page.keyboard.press('F6');
      await expect.poll(async () => (await page.getByTestId('day-problem').count()) === 0 ? 'ok' : await page.getByTestId('day-problem').textContent()).toBe('ok');
      await expect.poll(() => page.getByTestId('day-clerks').textContent()).toContain('Nguyễn Thị Lan');
      const row = await page.getByTestId('day-clerks').locator('tbody tr').first().locator('td').allTextContents();
      expect(row.slice(0, 4)).toEqual(['Nguyễn Thị Lan', '2', '0', '0']);
      expect(await page.getByTestId('day-cash').textContent()).toBe('30.000 đ');
      // Nothing has reached a server yet: the day is not fully uploaded.
      expect(await page.getByTestId('day-uploaded').textContent()).toBe('Chưa đủ');
      await page.getByRole('button', { name: 'Ký xác nhận cuối ngày' }).click();
      await expect.poll(() => page.getByTestId('day-signed').textContent()).toContain('Phạm Lãnh Đạo');
      await page.screenshot({ path: join(screenshotDir, 'end-of-day.png'), fullPage: true });

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'XLSX' }).click();
      const book = new ExcelJS.Workbook();
      const xlsx = await readFile((await (await download).path()) ?? '');
      await book.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength));
      const sheet = book.worksheets[0]!;
      const values = sheet.getSheetValues().flat().filter((v) => v !== undefined && v !== null).map(String);
      expect(values).toContain('Nguyễn Thị Lan');
      const clerkRow = sheet.getRows(1, sheet.rowCount)?.find((r) => r.getCell(1).value === 'Nguyễn Thị Lan');
      expect([clerkRow?.getCell(2).value, clerkRow?.getCell(3).value]).toEqual([2, 0]);
      const summary = book.worksheets[1]!.getRows(1, book.worksheets[1]!.rowCount)?.find((r) => r.getCell(1).value === 'Thu tiền mặt (đồng)');
      expect(summary?.getCell(2).value).toBe(30000);

      const pdfDownload = page.waitForEvent('download');
      await page.getByRole('button', { name: 'PDF' }).click();
      expect((await readFile((await (await pdfDownload).path()) ?? '')).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await host.stop();
    }
  }, 300_000);
});
