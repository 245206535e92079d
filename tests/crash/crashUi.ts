import type { Page } from 'playwright-core';
import { admin, unit } from '../support/workstation.js';

// The counter's UI steps for the crash script. tests/support's helpers wait with vitest's
// expect.poll, which only works inside the test runner; these use plain polling so that
// `npm run crash:check` runs under tsx as well as under vitest.

export async function pollUntil<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000, intervalMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastErr: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (err) {
      // A killed or closed page never answers again: stop at once instead of polling to the timeout.
      if (/closed|crashed|disconnected/i.test(String(err))) throw err;
      lastErr = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)}${lastErr ? `, ${String(lastErr)}` : ''})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Đăng nhập' });
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Mật khẩu').fill(password);
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('who').waitFor({ timeout: 30_000 });
}

/** First-run setup, the administrator and the number block; ends signed out. */
export async function workstationSetUp(page: Page, serverUrl: string): Promise<void> {
  await page.getByLabel('Mã cơ quan (mã định danh)').fill(unit.agencyCode);
  await page.getByLabel('Tên đơn vị').fill(unit.unitName);
  await page.getByLabel('Tên máy trạm').fill(unit.workstationName);
  await page.getByLabel('Địa chỉ máy chủ tỉnh').fill(serverUrl);
  await page.getByRole('button', { name: 'Lưu và bắt đầu' }).click();
  await page.getByLabel('Họ và tên').fill(admin.displayName);
  await page.getByLabel('Tên đăng nhập').fill(admin.username);
  await page.getByLabel('Mật khẩu').fill(admin.password);
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await signIn(page, admin.username, admin.password);
  await page.keyboard.press('F9');
  const blocks = page.getByRole('form', { name: 'Dải số hồ sơ của máy' });
  await blocks.getByLabel('Từ số').fill('1');
  await blocks.getByLabel('Đến số').fill('9999');
  await blocks.getByRole('button', { name: 'Lưu dải số' }).click();
  await pollUntil('number block saved', () => blocks.textContent(), (t) => (t ?? '').includes('Đã lưu dải số 1–9999'));
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
}

/** The status bar's count of events the server has not acknowledged, once the database is open. */
export async function pendingSync(page: Page): Promise<number> {
  const text = (await page.getByTestId('pending-sync').textContent({ timeout: 2_000 })) ?? '';
  const m = /(\d+)/.exec(text);
  if (!m?.[1]) throw new Error(`pending-sync reads "${text}"`);
  return Number(m[1]);
}

export interface IntakeInput {
  name: string;
  attach?: { name: string; mimeType: string; buffer: Buffer };
  /** Scan the first checklist component on this device (id prefix, e.g. "sane:test"). */
  scanDevice?: string;
}

async function wizardFill(page: Page, input: IntakeInput): Promise<void> {
  await page.keyboard.press('F2');
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã (không cần dấu)').fill('khai sinh');
  await page.keyboard.press('Enter');
  await page.getByLabel('Họ và tên / tên tổ chức').fill(input.name);
  await page.getByLabel('Địa chỉ').fill('Thôn Đông, xã Tân Lập');
  await page.getByLabel('Số điện thoại').fill('0912345678');
  await page.keyboard.press('Alt+ArrowRight');
  await page.locator('.checklist').waitFor();
}

/** The wizard up to the checklist: everything before the first write to disk. */
export async function intakeOpen(page: Page, input: IntakeInput): Promise<void> {
  await wizardFill(page, input);
}

/** From the checklist on: attach or scan, then save. Returns the code shown. */
export async function intakeFinish(page: Page, input: IntakeInput): Promise<string> {
  if (input.attach) {
    await page.locator('.checklist input[type=file]').first().setInputFiles(input.attach);
    await pollUntil('file attached', () => page.locator('.checklist').textContent(), (t) => (t ?? '').includes('Đã đính kèm'));
  }
  if (input.scanDevice) {
    const row = page.locator('.checklist tbody tr').first();
    const device = row.getByLabel(/: Máy quét$/);
    const prefix = input.scanDevice;
    const option = await pollUntil(
      'scanner listed',
      () => device.locator('option').evaluateAll((opts, p) => opts.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith(p)), prefix),
      (v) => Boolean(v),
      60_000,
    );
    await device.selectOption(option ?? '');
    await row.getByRole('button', { name: 'Quét' }).click();
    await pollUntil('scan attached', () => row.textContent(), (t) => (t ?? '').includes('Đã đính kèm'), 180_000, 300);
  }
  await page.keyboard.press('Alt+ArrowRight');
  await page.keyboard.press('Alt+ArrowRight');
  await page.getByTestId('intake-preview').waitFor();
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('saved-code').waitFor({ timeout: 30_000 });
  return (await page.getByTestId('saved-code').textContent()) ?? '';
}
