import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverStart, type RunningServer } from '../../server/start.js';
import { browserLaunch, hostStart, pageOpen, type HostProcess } from '../support/browserHost.js';
import { workstationPrepare } from '../support/workstation.js';
import { testPkiMake, type TestPki } from './certs.js';

// The administrator's side of the pin, in the real UI (browser host + Chromium): settings show
// that the provincial server's certificate is refused, a non-CA certificate is refused at the
// field, and pasting the provincial CA brings the link up. Needs the built renderer.

let dir: string;
let pki: TestPki;
let server: RunningServer;
let host: HostProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-transport-ui-'));
  pki = await testPkiMake(dir);
  server = await serverStart(
    {
      host: '127.0.0.1', port: 0, dataDir: join(dir, 'server'), init: true, databaseUrl: undefined, s3: undefined,
      tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile }, trustProxy: false, accessTtlSec: 900, refreshTtlSec: 86_400,
    },
    {},
  );
  host = await hostStart();
  browser = await browserLaunch();
  page = await pageOpen(browser, host.url);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pinning the provincial CA in the settings', () => {
  it('shows the refused certificate, refuses a non-CA pin, and links once the CA is pinned', async () => {
    await workstationPrepare(page, server.url);
    await page.getByRole('button', { name: /Cài đặt/ }).click();
    const alert = page.getByTestId('link-cert-untrusted');
    await expect.poll(() => alert.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await alert.innerText()).toContain('Chứng chỉ của máy chủ tỉnh không được tin cậy');

    const field = page.getByLabel('Chứng chỉ CA của tỉnh (ghim, không bắt buộc)');
    const save = page.getByRole('button', { name: 'Lưu thay đổi' });
    await field.fill(pki.serverCertPem);
    await save.click();
    await expect.poll(() => page.locator('#serverCaPem-msg.error').innerText(), { timeout: 10_000 }).toContain('không phải chứng chỉ CA');

    await field.fill(pki.caPem);
    await save.click();
    await expect.poll(() => page.getByText('Đã kết nối an toàn tới máy chủ tỉnh').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await alert.isVisible()).toBe(false);
    expect(await field.inputValue()).toContain('-----BEGIN CERTIFICATE-----');
  }, 120_000);
});
