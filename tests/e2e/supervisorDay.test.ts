import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dongBoHoSoMcSchema } from '../../shared/sync/dvcqg.js';
import { faultProxyStart, noFaults, type FaultProxy } from '../sync/faultProxy.js';
import { browserLaunch, hostStart, pageOpen, screenshotDir, type HostProcess } from '../support/browserHost.js';
import { intake } from '../support/counter.js';
import { serverInProcessStart, serverUserAdd } from '../support/provinceServer.js';
import { counterSetUp, signIn, workstationPrepare } from '../support/workstation.js';

// Issue 7, end to end: two counters take dossiers in with their link down, the supervisor looks
// at the day from a third PC through the provincial server, sees which counter has not uploaded,
// then both counters' figures once they have, signs the day off and exports it.

const people = { hoa: 'mat-khau-hoa-01', minh: 'mat-khau-minh-01', sep: 'mat-khau-sep-01' };
// Full names given at the province: what the day's figures, the sign-off and the PDF show.
const names = { hoa: 'Nguyễn Thị Hoa', minh: 'Lê Văn Minh', sep: 'Phạm Thị Thu' };
const down = { cutChance: 1, cutMaxBytes: 0, delayMaxMs: 0 };

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

async function counterPrepare(page: Page, serverUrl: string, name: string, block: [number, number], username: string): Promise<void> {
  await counterSetUp(page, serverUrl, block, name);
  await signIn(page, username, people[username as keyof typeof people]);
  await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 30_000 }).toBe('Có mạng');
  // At the counter's lists, the workstation tells the server it has nothing left to upload.
  await page.keyboard.press('F3');
  await expect.poll(() => page.getByTestId('pending-sync').textContent(), { timeout: 30_000 }).toBe('Chờ đồng bộ: 0');
  await page.waitForTimeout(3000);
}

async function linkCut(page: Page, proxy: FaultProxy): Promise<void> {
  proxy.faults = { ...down };
  proxy.cutAll();
  await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 60_000 }).not.toBe('Có mạng');
}

async function linkBack(page: Page, proxy: FaultProxy): Promise<void> {
  proxy.faults = { ...noFaults };
  await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 60_000 }).toBe('Có mạng');
  await page.getByTestId('sync-now').click();
  await expect.poll(() => page.getByTestId('pending-sync').textContent(), { timeout: 90_000 }).toBe('Chờ đồng bộ: 0');
}

/** Opens the end of day again (F3 then F6) so it reloads, and waits until `check` holds. */
async function dayAgain(page: Page, check: () => Promise<unknown>, expected: unknown): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.keyboard.press('F3');
        await page.keyboard.press('F6');
        await expect.poll(() => page.getByTestId('end-of-day').isVisible()).toBe(true);
        await page.waitForTimeout(500);
        return check();
      },
      { timeout: 150_000, interval: 1500 },
    )
    .toEqual(expected);
}

const clerkRows = (page: Page) =>
  page.getByTestId('day-clerks').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));

describe('the supervisor’s end of day through the provincial server', () => {
  it('tells which counter has not uploaded, then shows both counters’ day, signs it off and exports the same figures', async () => {
    const serverData = await mkdtemp(join(tmpdir(), 'motcua-e2e-day-server-'));
    for (const username of ['hoa', 'minh', 'sep'] as const) {
      serverUserAdd(serverData, { username, password: people[username], name: names[username], role: username === 'sep' ? 'supervisor' : 'clerk' });
    }
    // The server's clock: moved forward later to play the half hour that passes while counter B stays silent.
    let serverAhead = 0;
    const server = await serverInProcessStart(serverData, () => Date.now() + serverAhead);
    // Each counter reaches the server through its own line, which the test can cut.
    const proxyA = await faultProxyStart(server.port, 1);
    const proxyB = await faultProxyStart(server.port, 2);
    const hosts: HostProcess[] = [];
    try {
      const [a, b, s] = await Promise.all([hostStart(), hostStart(), hostStart()]);
      hosts.push(a, b, s);
      const pageA = await pageOpen(browser, a.url);
      const pageB = await pageOpen(browser, b.url);
      const pageS = await pageOpen(browser, s.url);
      await counterPrepare(pageA, proxyA.url, 'Quầy 1', [1, 499], 'hoa');
      await counterPrepare(pageB, proxyB.url, 'Quầy 2', [500, 999], 'minh');

      // The lines go down; both counters keep taking dossiers in.
      await linkCut(pageA, proxyA);
      await linkCut(pageB, proxyB);
      const attach = { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% tờ khai\n%%EOF\n') };
      const codes = [
        await intake(pageA, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương', attach }),
        await intake(pageA, { procedureQuery: 'nhan cha me', name: 'Lê Văn Tám' }),
        await intake(pageB, { procedureQuery: 'nhan cha me', name: 'Phạm Thị Na' }),
      ];
      expect(codes[2]).toMatch(/^H29\.01-\d{6}-0500$/);

      // The supervisor's own PC, straight to the server.
      await workstationPrepare(pageS, server.url, 'Máy lãnh đạo');
      await pageS.getByRole('button', { name: 'Đăng xuất' }).click();
      await signIn(pageS, 'sep', people.sep);
      expect(await pageS.getByRole('button', { name: /Tiếp nhận/ }).count()).toBe(0);
      // Half an hour later by the server's clock, counter A's line is back; B is still silent.
      serverAhead = 31 * 60_000;
      await linkBack(pageA, proxyA);
      await pageS.keyboard.press('F6');
      await pageS.getByTestId('sync-now').click();
      // (People the province created carry their user name until the directory has full names.)
      const station = (name: string) => pageS.getByTestId('day-workstations').locator(`tr[data-workstation="${name}"]`);
      // A's dossiers (pulled by the supervisor's PC) and A's reports (sent by A after its syncs, the last one with the
      // clock offset A measured against the server, which runs half an hour ahead) arrive separately.
      const aState = async () => {
        const text = (await station('Quầy 1').textContent()) ?? '';
        return [await clerkRows(pageS), !text.includes('mất liên lạc') && /chậm 3[01] phút/.test(text)];
      };
      await dayAgain(pageS, aState, [[[names.hoa, '2']], true]);
      expect(await pageS.getByTestId('day-uploaded').textContent()).toBe('Chưa đủ');
      expect(await station('Quầy 2').textContent()).toContain('mất liên lạc');
      await pageS.screenshot({ path: join(screenshotDir, 'end-of-day-waiting.png'), fullPage: true });

      // B's line comes back: it uploads, reports, and the day is complete.
      await linkBack(pageB, proxyB);
      await pageS.getByTestId('sync-now').click();
      await dayAgain(pageS, async () => [await pageS.getByTestId('day-uploaded').textContent(), await clerkRows(pageS)], ['Đã đủ', [[names.minh, '1'], [names.hoa, '2']]]); // by name, as the report sorts
      const rows = await clerkRows(pageS);
      expect(await station('Quầy 2').textContent()).not.toContain('mất liên lạc');
      await pageS.getByRole('button', { name: 'Ký xác nhận cuối ngày' }).click();
      await expect.poll(() => pageS.getByTestId('day-signed').textContent()).toContain(names.sep);
      await pageS.screenshot({ path: join(screenshotDir, 'end-of-day-two-counters.png'), fullPage: true });

      // The workbook says the same.
      const download = pageS.waitForEvent('download');
      await pageS.getByRole('button', { name: 'XLSX' }).click();
      const xlsx = await readFile((await (await download).path()) ?? '');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength));
      const sheet = book.worksheets[0]!.getRows(1, book.worksheets[0]!.rowCount) ?? [];
      const receivedBy = (name: string) => sheet.find((r) => r.getCell(1).value === name)?.getCell(2).value;
      expect([receivedBy(names.hoa), receivedBy(names.minh)]).toEqual([2, 1]);
      const summary = book.worksheets[1]!.getRows(1, book.worksheets[1]!.rowCount) ?? [];
      expect(summary.find((r) => r.getCell(1).value === 'Mọi quầy đã đồng bộ')?.getCell(2).value).toBe('Có');
      // The PDF renders, with the clerks' names on it.
      const pdfDownload = pageS.waitForEvent('download');
      await pageS.getByRole('button', { name: 'PDF' }).click();
      const pdfPath = join(s.dataDir, 'day.pdf');
      await writeFile(pdfPath, await readFile((await (await pdfDownload).path()) ?? ''));
      const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
      for (const [name] of rows) expect(text).toContain(String(name));
      execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', pdfPath, join(s.dataDir, 'day')]);

      // The national-portal file of the day: the shape DVCQG takes, every dossier either in it or held back with a reason.
      const jsonDownload = pageS.waitForEvent('download');
      await pageS.getByRole('button', { name: 'DVCQG' }).click();
      const national = dongBoHoSoMcSchema.parse(JSON.parse(await readFile((await (await jsonDownload).path()) ?? '', 'utf8')));
      await expect.poll(() => pageS.getByTestId('day-dvcqg').textContent()).toMatch(/Đã xuất \d+ hồ sơ/);
      const heldCount = Number(/giữ lại (\d+)/.exec((await pageS.getByTestId('day-dvcqg').textContent()) ?? '')?.[1]);
      expect(national.data.length + heldCount).toBe(3);
      expect(national.data.map((d) => d.MaHoSo).every((c) => codes.includes(c))).toBe(true);

      // Ten days on, the three dossiers are on the supervisor's overdue list.
      await pageS.clock.setFixedTime(Date.now() + 10 * 86_400_000);
      const overdue = () => pageS.getByTestId('day-overdue-list').locator('tr[data-code]').evaluateAll((r) => r.map((x) => x.getAttribute('data-code')).sort());
      await dayAgain(pageS, overdue, [...codes].sort());
      expect(await pageS.getByTestId('day-overdue').textContent()).toBe('3');
      await pageS.screenshot({ path: join(screenshotDir, 'end-of-day-overdue.png'), fullPage: true });
    } finally {
      for (const h of hosts) await h.stop();
      await proxyA.close();
      await proxyB.close();
      await server.close();
      await rm(serverData, { recursive: true, force: true });
    }
  }, 600_000);
});
