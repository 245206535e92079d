import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreCreate } from '../../electron/services/blobs/blobStore.js';
import { browserLaunch, hostStart, pageOpen, screenshotDir, type HostProcess } from '../support/browserHost.js';
import { clerk, counterStaff, intake, signInAs } from '../support/counter.js';
import { workstationPrepare } from '../support/workstation.js';

// Issue 7, "no network at all", through the app: counter A exports its unsynced dossiers to a USB
// stick, the supervisor's PC B imports them; a second import changes nothing; an altered copy is
// refused. No provincial server anywhere.

const provinceKey = randomBytes(32).toString('base64');

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

async function provinceKeyInstall(page: Page): Promise<void> {
  await page.keyboard.press('F9');
  const form = page.getByRole('form', { name: 'Khoá gói của tỉnh' });
  await form.getByLabel('Mã khoá').fill('gl-2026');
  await form.getByLabel('Khoá (base64, do quản trị tỉnh cấp)').fill(provinceKey);
  await form.getByRole('button', { name: 'Cài khoá' }).click();
  await expect.poll(() => form.getByTestId('bundle-message').textContent()).toBe('Đã cài khoá gói gl-2026');
}

async function bundleImport(page: Page, path: string): Promise<string> {
  const form = page.getByRole('form', { name: 'Nhập gói' });
  await form.getByLabel('Tệp gói (.mcb)').fill(path);
  await form.getByRole('button', { name: 'Nhập gói' }).click();
  await expect.poll(() => form.getByTestId('bundle-message').isVisible(), { timeout: 30_000 }).toBe(true);
  return (await form.getByTestId('bundle-message').textContent()) ?? '';
}

describe('a sync bundle on a USB stick, with no network', () => {
  it('carries A’s dossiers and files to B once; a second import changes nothing; an altered copy is refused', async () => {
    const usb = await mkdtemp(join(tmpdir(), 'motcua-usb-'));
    const hosts: HostProcess[] = [];
    try {
      const [a, b] = await Promise.all([hostStart(), hostStart()]);
      hosts.push(a, b);
      const pageA = await pageOpen(browser, a.url);
      await workstationPrepare(pageA);
      await provinceKeyInstall(pageA);
      await counterStaff(pageA);
      await signInAs(pageA, clerk);
      const scan = { name: 'giay-khai-sinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% giấy khai sinh bản sao\n%%EOF\n') };
      const codes = [
        await intake(pageA, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương', idNumber: '001190012345', birthYear: '1990', attach: scan }),
        await intake(pageA, { procedureQuery: 'nhan cha me', name: 'Lê Văn Tám' }),
      ];
      await pageA.keyboard.press('F9');
      const exportForm = pageA.getByRole('form', { name: 'Xuất gói' });
      const bundlePath = join(usb, 'quay-1.mcb');
      await exportForm.getByLabel('Lưu gói vào tệp (để trống: thư mục gói của máy)').fill(bundlePath);
      await exportForm.getByRole('button', { name: 'Xuất gói' }).click();
      await expect.poll(() => exportForm.getByTestId('bundle-message').textContent(), { timeout: 30_000 }).toContain(`Đã xuất 2 hồ sơ vào ${bundlePath}`);
      // Personal data is not readable on the stick.
      expect((await readFile(bundlePath)).includes(Buffer.from('001190012345'))).toBe(false);
      const identity = pageA.getByTestId('bundle-identity');
      const workstationId = await identity.getByLabel('Mã máy trạm').inputValue();
      const publicKeyPem = await identity.getByLabel('Khoá công khai (PEM)').inputValue();
      await pageA.screenshot({ path: join(screenshotDir, 'bundle-export.png'), fullPage: true });

      // The supervisor's PC: same province key, trusts counter A, imports.
      const pageB = await pageOpen(browser, b.url);
      await workstationPrepare(pageB, undefined, 'Máy lãnh đạo');
      await provinceKeyInstall(pageB);
      const altered = Buffer.from(await readFile(bundlePath));
      altered[altered.length - 50] = (altered[altered.length - 50] ?? 0) ^ 0xff;
      const alteredPath = join(usb, 'quay-1-altered.mcb');
      await writeFile(alteredPath, altered);
      // Before A is trusted, its bundle is refused.
      expect(await bundleImport(pageB, bundlePath)).toMatch(/tin cậy|không rõ|chưa được|untrusted/i);
      const trustForm = pageB.getByRole('form', { name: 'Tin cậy gói của máy trạm khác' });
      await trustForm.getByLabel('Mã máy trạm').fill(workstationId);
      await trustForm.getByLabel('Khoá công khai (PEM)').fill(publicKeyPem);
      await trustForm.getByRole('button', { name: 'Tin cậy máy trạm' }).click();
      await expect.poll(() => trustForm.getByTestId('bundle-message').textContent()).toBe(`Đã tin cậy máy ${workstationId}`);

      const first = await bundleImport(pageB, bundlePath);
      expect(first).toMatch(new RegExp(`^Đã nhập gói của máy ${workstationId}: \\d+ bản ghi mới, 0 không đổi, 1 tệp mới$`));
      const sha256 = createHash('sha256').update(scan.buffer).digest('hex');
      expect((await blobStoreCreate(join(b.dataDir, 'blobs')).get(sha256)).equals(scan.buffer)).toBe(true);
      await pageB.screenshot({ path: join(screenshotDir, 'bundle-import.png'), fullPage: true });

      const again = await bundleImport(pageB, bundlePath);
      expect(again).toMatch(/^Gói này đã được nhập trước đây\. Đã nhập gói của máy \S+: 0 bản ghi mới, \d+ không đổi, 0 tệp mới$/);
      const refused = await bundleImport(pageB, alteredPath);
      expect(await pageB.getByRole('form', { name: 'Nhập gói' }).getByRole('alert').isVisible()).toBe(true);
      expect(refused).not.toMatch(/^Đã nhập/);

      // The dossiers are on B, whole: code, applicant, personal data, the attached file.
      await pageB.keyboard.press('F3');
      const searchBox = pageB.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp');
      for (const code of codes) {
        await searchBox.fill(code);
        await expect.poll(() => pageB.locator(`tr[data-code="${code}"]`).count(), { timeout: 30_000 }).toBe(1);
      }
      await searchBox.fill(codes[0] ?? '');
      await pageB.locator(`tr[data-code="${codes[0]}"]`).click();
      await expect.poll(() => pageB.getByTestId('dossier-code').textContent()).toBe(codes[0]);
      await expect.poll(() => pageB.locator('[data-testid=timeline] li[data-type=file-attached]').count()).toBe(1);
      await expect.poll(() => pageB.getByTestId('dossier-page').textContent()).toContain('001190012345');
    } finally {
      for (const h of hosts) await h.stop();
      await rm(usb, { recursive: true, force: true });
    }
  }, 300_000);
});
