import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreCreate } from '../../electron/services/blobs/blobStore.js';
import { browserLaunch, hostStart, pageOpen, screenshotDir } from '../support/browserHost.js';
import { intake } from '../support/counter.js';
import { serverChildStart, serverUserAdd } from '../support/provinceServer.js';
import { counterSetUp, signIn, workstationPrepare } from '../support/workstation.js';

// Issue 6, end to end: a dossier taken in on workstation A while the provincial server is down
// reaches workstation B, with its file, once the server is back.

const people = { hoa: 'mat-khau-hoa-01', minh: 'mat-khau-minh-01' };

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

describe('sync between two counters through the provincial server', () => {
  it('brings a dossier taken in offline on A, with its file, to B after the network returns', async () => {
    const serverData = await mkdtemp(join(tmpdir(), 'motcua-e2e-server-'));
    for (const [username, password] of Object.entries(people)) serverUserAdd(serverData, { username, password });
    let server = await serverChildStart(serverData, 0);
    const port = Number(new URL(server.url).port);
    const a = await hostStart();
    const b = await hostStart();
    try {
      const pageA = await pageOpen(browser, a.url);
      pageA.on('console', (m) => {
        if (m.type() === 'error') console.log('A:', m.text());
      });
      // As administrator: setup and this workstation's number block, then sign out.
      await counterSetUp(pageA, server.url, [1, 499]);
      // Online sign-in of a person the province created: the directory lands on A.
      await signIn(pageA, 'hoa', people.hoa);
      await expect.poll(() => pageA.getByTestId('net-state').textContent()).toBe('Có mạng');

      await server.stop();
      await expect.poll(() => pageA.getByTestId('net-state').textContent(), { timeout: 30_000 }).not.toBe('Có mạng');
      const attach = { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% tờ khai đồng bộ\n%%EOF\n') };
      const code = await intake(pageA, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương', idNumber: '001190012345', birthYear: '1990', attach });
      expect(code).toMatch(/^H29\.01-\d{6}-\d{4}$/);
      await expect.poll(() => pageA.getByTestId('pending-sync').textContent()).not.toBe('Chờ đồng bộ: 0');

      server = await serverChildStart(serverData, port);
      await pageA.getByTestId('sync-now').click();
      await expect.poll(() => pageA.getByTestId('pending-sync').textContent(), { timeout: 60_000 }).toBe('Chờ đồng bộ: 0');

      const pageB = await pageOpen(browser, b.url);
      pageB.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') console.log('B:', m.text());
      });
      await workstationPrepare(pageB, server.url);
      await pageB.getByRole('button', { name: 'Đăng xuất' }).click();
      await signIn(pageB, 'minh', people.minh);
      await pageB.keyboard.press('F3');
      // The search runs once per query: ask again until replication has brought the dossier.
      const searchBox = pageB.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp');
      await expect
        .poll(
          async () => {
            await searchBox.fill('');
            await searchBox.fill(code);
            await pageB.waitForTimeout(300);
            return pageB.locator(`tr[data-code="${code}"]`).count();
          },
          { timeout: 90_000, interval: 1000 },
        )
        .toBe(1);
      await pageB.locator(`tr[data-code="${code}"]`).click();
      await expect.poll(() => pageB.getByTestId('dossier-code').textContent()).toBe(code);
      await expect.poll(() => pageB.locator('[data-testid=timeline] li[data-type=file-attached]').count()).toBe(1);
      // B's key opens the personal data it received.
      await expect.poll(() => pageB.getByTestId('dossier-page').textContent()).toContain('001190012345');
      const sha256 = createHash('sha256').update(attach.buffer).digest('hex');
      const blobsB = blobStoreCreate(join(b.dataDir, 'blobs'));
      await expect.poll(() => blobsB.has(sha256), { timeout: 60_000 }).toBe(true);
      expect((await blobsB.get(sha256)).equals(attach.buffer)).toBe(true);
      await pageB.screenshot({ path: join(screenshotDir, 'sync-second-counter.png'), fullPage: true });
    } finally {
      await a.stop();
      await b.stop();
      await server.stop();
      await rm(serverData, { recursive: true, force: true });
    }
  }, 300_000);
});
