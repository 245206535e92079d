import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const unit = { agencyCode: 'H29.01', unitName: 'UBND xã Tân Lập', workstationName: 'Quầy 1' };
export const admin = { username: 'admin', displayName: 'Trần Quản Trị', password: 'mat-khau-admin' };

/** First-run setup and the administrator, through the real UI, ending signed in as admin. */
export async function workstationPrepare(page: Page, serverUrl = 'http://127.0.0.1:9', workstationName = unit.workstationName): Promise<void> {
  await page.getByLabel('Mã cơ quan (mã định danh)').fill(unit.agencyCode);
  await page.getByLabel('Tên đơn vị').fill(unit.unitName);
  await page.getByLabel('Tên máy trạm').fill(workstationName);
  await page.getByLabel('Địa chỉ máy chủ tỉnh').fill(serverUrl);
  await page.getByRole('button', { name: 'Lưu và bắt đầu' }).click();
  await page.getByLabel('Họ và tên').fill(admin.displayName);
  await page.getByLabel('Tên đăng nhập').fill(admin.username);
  await page.getByLabel('Mật khẩu').fill(admin.password);
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await signIn(page, admin.username, admin.password);
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Đăng nhập' });
  // Retried as a whole: under load the screen may re-render between fill and click (a late
  // event from the main side), and a click on a detached button must not eat the whole timeout.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await form.getByLabel('Tên đăng nhập').fill(username, { timeout: 15_000 });
      await form.getByLabel('Mật khẩu').fill(password, { timeout: 5_000 });
      await form.getByRole('button', { name: 'Đăng nhập' }).click({ timeout: 5_000 });
      await expect.poll(() => page.getByTestId('who').isVisible(), { timeout: 20_000 }).toBe(true);
      return;
    } catch (err) {
      if (attempt >= 3) {
        // Say what the screen showed instead, so a CI failure can be read without a screenshot.
        const shown = await page.locator('body').innerText().catch(() => '(page closed)');
        throw new Error(`sign-in of ${username} failed after ${attempt} attempts; the screen showed:\n${shown.slice(0, 800)}`, { cause: err });
      }
    }
  }
}

/** As administrator: this workstation's range of the daily dossier numbers (Cài đặt, F9). */
export async function numberBlockSave(page: Page, from: number, to: number): Promise<void> {
  await page.keyboard.press('F9');
  const blocks = page.getByRole('form', { name: 'Dải số hồ sơ của máy' });
  await blocks.getByLabel('Từ số').fill(String(from));
  await blocks.getByLabel('Đến số').fill(String(to));
  await blocks.getByRole('button', { name: 'Lưu dải số' }).click();
  await expect.poll(() => blocks.textContent(), { timeout: 30_000 }).toContain(`Đã lưu dải số ${from}–${to}`);
}

/** A counter linked to the province: first-run setup and administrator, its number block, signed out. */
export async function counterSetUp(page: Page, serverUrl: string, block: [number, number], workstationName?: string): Promise<void> {
  await workstationPrepare(page, serverUrl, workstationName);
  await numberBlockSave(page, ...block);
  await signOut(page);
}

export interface StaffMember {
  username: string;
  displayName: string;
  password: string;
  pin: string;
}

/**
 * As administrator on Cài đặt (F9): fills and sends the "Thêm người dùng" form. Waiting for the
 * person in the list is the caller's (vitest's expect.poll, or plain polling outside vitest).
 */
export async function staffFormSend(page: Page, person: StaffMember, roleLabel: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Thêm người dùng' });
  await form.getByLabel('Họ và tên').fill(person.displayName);
  await form.getByLabel('Tên đăng nhập').fill(person.username);
  await form.getByLabel('Mật khẩu').fill(person.password);
  await form.getByLabel('Mã PIN').fill(person.pin);
  await form.getByLabel('Vai trò').selectOption({ label: roleLabel });
  await form.getByRole('button', { name: 'Thêm người dùng' }).click();
}

/** Signs out and waits for the sign-in screen; retried like signIn (a click can land while the frame re-renders). */
export async function signOut(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (await page.getByTestId('who').isVisible()) await page.getByRole('button', { name: 'Đăng xuất' }).click({ timeout: 5_000 });
      await expect.poll(() => page.getByTestId('signin').isVisible(), { timeout: 10_000 }).toBe(true);
      return;
    } catch (err) {
      if (attempt >= 3) {
        const shown = await page.locator('body').innerText().catch(() => '(page closed)');
        throw new Error(`sign-out did not reach the sign-in screen; the screen showed:\n${shown.slice(0, 800)}`, { cause: err });
      }
    }
  }
}
