import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunch, hostStart, pageOpen } from '../support/browserHost.js';
import { serverChildStart, serverCli, serverUserAdd } from '../support/provinceServer.js';
import { counterSetUp, signIn, signOut } from '../support/workstation.js';

// Issue 13, end to end: a clerk the province revokes keeps no way in at the counter. She signs
// in offline while the link is down (against the verifier the workstation made at her online
// sign-in; issue 17: a colleague who never signed in online there cannot), provincial IT
// revokes her at the server, and after the next sync the counter refuses her, with a clear
// message, online and again with the link down (from its refreshed local directory).

const people = { hoa: 'mat-khau-hoa-01', minh: 'mat-khau-minh-01', lan: 'mat-khau-lan-01' };

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

/** Tries a sign-in that must be refused; returns what the sign-in screen says. */
async function signInRefused(page: Page, username: string, password: string): Promise<string> {
  const form = page.getByRole('form', { name: 'Đăng nhập' });
  const alert = page.getByTestId('signin').getByRole('alert');
  // A message left by an earlier attempt must not pass for this one's.
  const before = (await alert.count()) > 0 ? await alert.textContent() : null;
  // Retried as a whole, as signIn is: under load the form may re-render between fill and click.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await form.getByLabel('Tên đăng nhập').fill(username, { timeout: 15_000 });
      await form.getByLabel('Mật khẩu').fill(password, { timeout: 5_000 });
      await form.getByRole('button', { name: 'Đăng nhập' }).click({ timeout: 5_000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  if (before !== null) await page.waitForTimeout(3000);
  await expect.poll(() => alert.count(), { timeout: 30_000 }).toBe(1);
  expect(await page.getByTestId('who').isVisible()).toBe(false);
  return (await alert.textContent()) ?? '';
}

describe('a user revoked at the province', () => {
  it('signs in offline before, and is refused after the next sync, online and offline', async () => {
    const serverData = await mkdtemp(join(tmpdir(), 'motcua-e2e-revoked-'));
    for (const [username, password] of Object.entries(people)) serverUserAdd(serverData, { username, password });
    let server = await serverChildStart(serverData, 0);
    const port = Number(new URL(server.url).port);
    const host = await hostStart();
    try {
      const page = await pageOpen(browser, host.url);
      page.on('console', (m) => {
        if (m.type() === 'error') console.log('counter:', m.text());
      });
      // As administrator: setup and this workstation's number block, as at any counter, then sign out.
      await counterSetUp(page, server.url, [1, 499]);

      // Online sign-in: the province's directory (names, roles, no hashes) lands on this
      // workstation, which makes its own verifier of hoa's password.
      await signIn(page, 'hoa', people.hoa);
      await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 30_000 }).toBe('Có mạng');
      await signOut(page);

      // The link goes down; hoa still gets in, against the verifier made here. Lan, in the
      // directory but never signed in online at this workstation, cannot, and is told why.
      await server.stop();
      expect(await signInRefused(page, 'lan', people.lan)).toContain('chưa từng đăng nhập khi có mạng trên máy này');
      await signIn(page, 'hoa', people.hoa);
      await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 30_000 }).not.toBe('Có mạng');
      await signOut(page);

      // Meanwhile provincial IT revokes hoa (the admin CLI on the server's data folder).
      serverCli(['user', 'revoke', '--data', serverData, '--username', 'hoa']);

      // The link returns and the next sync happens: a colleague signs in online.
      server = await serverChildStart(serverData, port);
      await signIn(page, 'minh', people.minh);
      await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 30_000 }).toBe('Có mạng');
      await signOut(page);

      // hoa, with her right password, is refused and told why.
      const online = await signInRefused(page, 'hoa', people.hoa);
      expect(online).toContain('Tài khoản đã bị thu hồi');
      // A wrong password says no more than that (nothing about the account).
      expect(await signInRefused(page, 'hoa', 'sai-mat-khau-1')).toBe('Sai tên đăng nhập hoặc mật khẩu');

      // The link is cut again: the refreshed local directory refuses her all the same.
      await server.stop();
      const offline = await signInRefused(page, 'hoa', people.hoa);
      expect(offline).toContain('Tài khoản đã bị thu hồi');
      // And the colleague still works offline.
      await signIn(page, 'minh', people.minh);
    } finally {
      await host.stop();
      await server.stop();
      await rm(serverData, { recursive: true, force: true });
    }
  }, 300_000);
});
