import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { numberBlockSave, signIn, staffFormSend } from './workstation.js';

export const clerk = { username: 'lan', displayName: 'Nguyễn Thị Lan', password: 'mat-khau-lan', pin: '2468' };
export const postal = { username: 'buu', displayName: 'Lê Văn Bưu', password: 'mat-khau-buu', pin: '1357' };

/** As administrator: add the counter's people and a number block, then sign out. */
export async function counterStaff(page: Page): Promise<void> {
  await page.keyboard.press('F9');
  for (const [person, role] of [[clerk, 'Cán bộ một cửa'], [postal, 'Nhân viên bưu chính']] as const) {
    await staffFormSend(page, person, role);
    await expect.poll(() => page.getByTestId('users').textContent()).toContain(person.displayName);
  }
  await numberBlockSave(page, 1, 499);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
}

export async function signInAs(page: Page, person: { username: string; password: string }): Promise<void> {
  await signIn(page, person.username, person.password);
}

export interface IntakeInput {
  procedureQuery: string;
  name: string;
  idNumber?: string;
  birthYear?: string;
  attach?: { name: string; mimeType: string; buffer: Buffer };
  postal?: { sealNumber: string };
}

/** Takes a dossier in through the wizard and returns the code shown after saving. */
export async function intake(page: Page, input: IntakeInput): Promise<string> {
  await page.keyboard.press('F2');
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã (không cần dấu)').fill(input.procedureQuery);
  await page.keyboard.press('Enter');
  await page.getByLabel('Họ và tên / tên tổ chức').fill(input.name);
  if (input.idNumber) await page.getByLabel('Số CCCD / định danh').fill(input.idNumber);
  if (input.birthYear) await page.getByLabel('Năm sinh (để kiểm tra CCCD)').fill(input.birthYear);
  await page.getByLabel('Địa chỉ').fill('Thôn Đông, xã Tân Lập');
  await page.getByLabel('Số điện thoại').fill('0912345678');
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(() => page.locator('.checklist').isVisible()).toBe(true);
  if (input.attach) await page.locator('.checklist input[type=file]').first().setInputFiles(input.attach);
  if (input.attach) await expect.poll(() => page.locator('.checklist').textContent()).toContain('Đã đính kèm');
  await page.keyboard.press('Alt+ArrowRight');
  if (input.postal) await page.getByLabel('Số niêm phong bì hồ sơ').fill(input.postal.sealNumber);
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(() => page.getByTestId('intake-preview').isVisible()).toBe(true);
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => page.getByTestId('saved-code').isVisible(), { timeout: 20_000 }).toBe(true);
  return (await page.getByTestId('saved-code').textContent()) ?? '';
}

/** On the dossier page: press an action, fill its fields by label, confirm, wait for the new status. */
export async function act(page: Page, action: string, fields: Record<string, string>, status: string): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const form = page.getByRole('form', { name: action });
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: 'Xác nhận' }).click();
  await expect.poll(() => page.getByTestId('dossier-status').textContent()).toBe(status);
}
