import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunch, hostStart, pageOpen, screenshotDir } from '../support/browserHost.js';
import { act, clerk, counterStaff, intake, postal, signInAs } from '../support/counter.js';
import { workstationPrepare } from '../support/workstation.js';

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

describe('a day at the counter, offline', () => {
  it('takes a dossier from intake to return and rating with the network off, and finds it all after a reload', async () => {
    const host = await hostStart();
    try {
      const page = await pageOpen(browser, host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      await signInAs(page, clerk);
      // No provincial server is reachable: its URL points at a closed port on this machine.
      await expect.poll(() => page.getByTestId('net-state').textContent()).toBe('Mất mạng – vẫn làm việc bình thường');

      const code = await intake(page, {
        procedureQuery: 'nhan cha me',
        name: 'Đỗ Thị Hương',
        idNumber: '001190012345',
        birthYear: '1990',
        attach: { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% tờ khai\n%%EOF\n') },
      });
      expect(code).toMatch(/^H29\.01-\d{6}-0001$/);
      await page.screenshot({ path: join(screenshotDir, 'intake-done.png') });
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'In giấy tiếp nhận (A4)' }).click();
      const pdf = await readFile((await (await download).path()) ?? '');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
      await expect.poll(() => page.getByTestId('dossier-code').textContent()).toBe(code);
      await act(page, 'Chuyển xử lý', { 'Chuyển đến đơn vị': 'H29.01.TP' }, 'Đang giải quyết');
      await act(page, 'Yêu cầu bổ sung', { 'Lý do': 'Thiếu giấy tờ chứng minh quan hệ', 'Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)': 'Giấy xét nghiệm ADN' }, 'Chờ bổ sung');
      await act(page, 'Nhận bổ sung', {}, 'Đang giải quyết');
      await act(page, 'Có kết quả', { 'Số, ký hiệu kết quả': '123/TLĐ' }, 'Có kết quả');
      await act(page, 'Trả kết quả', { 'Người nhận kết quả': 'Đỗ Thị Hương' }, 'Đã trả kết quả');
      await act(page, 'Đánh giá', {}, 'Đã trả kết quả');
      await expect.poll(() => page.getByRole('button', { name: 'Đánh giá', exact: true }).count()).toBe(0);
      await page.screenshot({ path: join(screenshotDir, 'dossier.png'), fullPage: true });

      await page.reload();
      await expect.poll(() => page.getByTestId('who').isVisible()).toBe(true);
      await page.keyboard.press('F3');
      await page.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp').fill('do thi huong');
      await page.locator(`tr[data-code="${code}"]`).click();
      // The page loads the events after it opens: wait for them. HT-04 carries a fee, taken at intake.
      const types = (): Promise<(string | null)[]> => page.locator('[data-testid=timeline] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-type')));
      await expect
        .poll(types)
        .toEqual(['received', 'payment-paid', 'file-attached', 'transferred', 'supplement-requested', 'supplement-received', 'result-ready', 'returned', 'rated']);
      expect(await page.getByTestId('dossier-page').textContent()).toContain('001190012345');
      await page.keyboard.press('Escape');
      await page.screenshot({ path: join(screenshotDir, 'worklists.png') });
    } finally {
      await host.stop();
    }
  });

  it('lets postal staff take a dossier in but offers them no transfer or return', async () => {
    const host = await hostStart();
    try {
      const page = await pageOpen(browser, host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      await signInAs(page, postal);
      const code = await intake(page, { procedureQuery: 'tam tru', name: 'Phạm Văn Nam', postal: { sealNumber: 'BĐ-0042' } });
      await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
      await expect.poll(() => page.getByTestId('dossier-code').textContent()).toBe(code);
      expect(await page.getByRole('button', { name: 'Chuyển xử lý', exact: true }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Trả kết quả', exact: true }).count()).toBe(0);
    } finally {
      await host.stop();
    }
  });
});
