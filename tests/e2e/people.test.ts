import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunch, hostStart, pageOpen, screenshotDir } from '../support/browserHost.js';
import { act, clerk, counterStaff, intake, signInAs } from '../support/counter.js';
import { admin, signIn, staffFormSend, unit, workstationPrepare } from '../support/workstation.js';

// Who is at the counter (issue 13): two clerks on one workstation, offline, in turn; every event
// names its person and workstation, and a half-filled intake never passes from one to the other.
// (Postal staff without transfer/return: counter.test.ts; the idle lock hiding the screen: frame.test.ts.)

const second = { username: 'minh', displayName: 'Hoàng Văn Minh', password: 'mat-khau-minh', pin: '8642' };

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

async function clerkAdd(page: Page): Promise<void> {
  await signIn(page, admin.username, admin.password);
  await page.keyboard.press('F9');
  await staffFormSend(page, second, 'Cán bộ một cửa');
  await expect.poll(() => page.getByTestId('users').textContent()).toContain(second.displayName);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
}

/** Starts an intake and fills the first two steps, without saving. */
async function intakeStart(page: Page, name: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã (không cần dấu)').fill('tam tru');
  await page.keyboard.press('Enter');
  await page.getByLabel('Họ và tên / tên tổ chức').fill(name);
}

async function pinSwitch(page: Page, person: { displayName: string; pin: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Chuyển nhanh bằng mã PIN' });
  await form.getByLabel('Người dùng').selectOption({ label: person.displayName });
  await form.getByLabel('Mã PIN').fill(person.pin);
  await form.getByRole('button', { name: 'Chuyển người dùng' }).click();
}

const guard = (page: Page, title: string) => page.getByRole('alertdialog', { name: title });
const signOutTitle = 'Đăng xuất khi hồ sơ đang nhập dở?';
const switchTitle = 'Chuyển người dùng khi hồ sơ đang nhập dở?';

/** The actors of a dossier's events as this browser stored them (RxDB over IndexedDB). */
async function storedActors(page: Page, code: string): Promise<{ type: string; userName: string; workstationId: string }[]> {
  return page.evaluate(async (wanted) => {
    const open = (name: string): Promise<IDBDatabase> =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const all = (db: IDBDatabase, store: string): Promise<Record<string, unknown>[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
    const rows: Record<string, unknown>[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await open(info.name);
      for (const store of db.objectStoreNames) rows.push(...(await all(db, store)));
      db.close();
    }
    const dossier = rows.find((r) => r['code'] === wanted && typeof r['lastSeq'] === 'number');
    return rows
      // Event rows: keyed by their own id, with the author's count and actor.
      .filter((r) => r['dossierId'] === dossier?.['id'] && typeof r['seq'] === 'number' && typeof r['actor'] === 'object' && r['_deleted'] !== true && r['_deleted'] !== '1')
      .sort((a, b) => Number(a['seq']) - Number(b['seq']))
      .map((r) => {
        const actor = r['actor'] as { userName: string; workstationId: string };
        return { type: String(r['type']), userName: actor.userName, workstationId: actor.workstationId };
      });
  }, code);
}

describe('who is at the counter', () => {
  it('two clerks sign in offline on one workstation in turn and their events carry their names', async () => {
    const host = await hostStart();
    try {
      const page = await pageOpen(browser, host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      await clerkAdd(page);

      // Clerk A takes a dossier in, with no provincial server reachable.
      await signInAs(page, clerk);
      await expect.poll(() => page.getByTestId('net-state').textContent()).toBe('Mất mạng – vẫn làm việc bình thường');
      const code = await intake(page, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương' });

      // A half-filled intake: signing out asks first, and "Quay lại" keeps every field.
      await intakeStart(page, 'Trần Văn Dở');
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await expect.poll(() => guard(page, signOutTitle).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Quay lại');
      await page.screenshot({ path: join(screenshotDir, 'draft-guard.png') });
      await guard(page, signOutTitle).getByRole('button', { name: 'Quay lại' }).click();
      await expect.poll(() => guard(page, signOutTitle).count()).toBe(0);
      expect(await page.getByLabel('Họ và tên / tên tổ chức').inputValue()).toBe('Trần Văn Dở');

      // The idle lock keeps the draft for its owner only: another person switching in by PIN is asked first…
      await page.keyboard.press('Control+l');
      await expect.poll(() => page.getByRole('heading', { name: 'Màn hình đã khoá' }).isVisible()).toBe(true);
      expect(await page.locator('body').innerText()).not.toContain('Trần Văn Dở');
      await expect.poll(() => page.getByTestId('held-note').textContent()).toContain(clerk.displayName);
      await pinSwitch(page, second);
      await expect.poll(() => guard(page, switchTitle).isVisible()).toBe(true);
      await page.screenshot({ path: join(screenshotDir, 'draft-guard-switch.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => guard(page, switchTitle).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Màn hình đã khoá' }).isVisible()).toBe(true);
      // …and the same person unlocking finds the intake as it was.
      await signInAs(page, clerk);
      await expect.poll(() => page.getByLabel('Họ và tên / tên tổ chức').inputValue()).toBe('Trần Văn Dở');

      // Discarding signs out, and the draft is gone for good.
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await guard(page, signOutTitle).getByRole('button', { name: 'Bỏ hồ sơ đang nhập' }).click();
      await expect.poll(() => page.getByRole('form', { name: 'Đăng nhập' }).isVisible()).toBe(true);
      await signInAs(page, clerk);
      await page.keyboard.press('F2');
      await expect.poll(() => page.getByLabel('Tìm thủ tục theo tên hoặc mã (không cần dấu)').isVisible()).toBe(true);
      expect(await page.locator('body').innerText()).not.toContain('Trần Văn Dở');

      // Clerk A starts another one and walks away; clerk B switches in by PIN and discards it.
      await intakeStart(page, 'Lý Thị Bỏ');
      await page.keyboard.press('Control+l');
      await pinSwitch(page, second);
      await guard(page, switchTitle).getByRole('button', { name: 'Bỏ hồ sơ đang nhập' }).click();
      await expect.poll(() => page.getByTestId('who').textContent()).toContain(second.displayName);
      await page.keyboard.press('F2');
      await expect.poll(() => page.getByLabel('Tìm thủ tục theo tên hoặc mã (không cần dấu)').isVisible()).toBe(true);
      expect(await page.locator('body').innerText()).not.toContain('Lý Thị Bỏ');

      // Clerk B moves clerk A's dossier on.
      await page.keyboard.press('F3');
      await page.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp').fill('do thi huong');
      await page.locator(`tr[data-code="${code}"]`).click();
      await expect.poll(() => page.getByTestId('dossier-code').textContent()).toBe(code);
      await act(page, 'Chuyển xử lý', { 'Chuyển đến đơn vị': 'H29.01.TP' }, 'Đang giải quyết');
      await act(page, 'Yêu cầu bổ sung', { 'Lý do': 'Thiếu giấy tờ', 'Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)': 'Giấy xét nghiệm ADN' }, 'Chờ bổ sung');

      // The timeline names each event's person.
      const timeline = (): Promise<string[]> =>
        page.locator('[data-testid=timeline] li').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-type')} ${li.textContent ?? ''}`));
      await expect.poll(async () => (await timeline()).length).toBe(4);
      const lines = await timeline();
      expect(lines.map((l) => l.split(' ')[0])).toEqual(['received', 'payment-paid', 'transferred', 'supplement-requested']);
      for (const line of lines.slice(0, 2)) expect(line).toContain(`— ${clerk.displayName}`);
      for (const line of lines.slice(2)) expect(line).toContain(`— ${second.displayName}`);
      for (const line of lines.slice(2)) expect(line).not.toContain(clerk.displayName);
      for (const line of lines) expect(line).toContain(`· ${unit.workstationName}`);

      // And each event, as stored for sync, names this workstation.
      const settings = JSON.parse(await readFile(join(host.dataDir, 'settings.json'), 'utf8')) as { workstationId: string; workstationName: string };
      expect(settings.workstationName).toBe(unit.workstationName);
      const actors = await storedActors(page, code);
      expect(actors.map((a) => [a.type, a.userName])).toEqual([
        ['received', clerk.displayName],
        ['payment-paid', clerk.displayName],
        ['transferred', second.displayName],
        ['supplement-requested', second.displayName],
      ]);
      expect(new Set(actors.map((a) => a.workstationId))).toEqual(new Set([settings.workstationId]));
      await page.screenshot({ path: join(screenshotDir, 'two-clerks-timeline.png'), fullPage: true });
    } finally {
      await host.stop();
    }
  }, 300_000);
});
