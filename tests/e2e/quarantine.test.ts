import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnIsoFormat } from '../../shared/domain/time/vnTime.js';
import { syncProtocolVersion } from '../../shared/sync/eventWire.js';
import { browserLaunch, hostStart, pageOpen, screenshotDir } from '../support/browserHost.js';
import { act, intake } from '../support/counter.js';
import { serverChildStart, serverUserAdd } from '../support/provinceServer.js';
import { counterSetUp, signIn } from '../support/workstation.js';

// Issue 17, end to end: the provincial server decides. A clerk transfers a dossier while her
// link is down; meanwhile a colleague at another counter records the applicant's withdrawal,
// which reaches the server first. When the link returns, the server refuses the transfer (no
// longer a legal step); the counter shows it in quarantine with the reason, the dossier as the
// server has it (withdrawn), and never sends the transfer again.

const people = { hoa: 'mat-khau-hoa-01', minh: 'mat-khau-minh-01' };

let browser: Browser;
beforeAll(async () => {
  browser = await browserLaunch();
});
afterAll(async () => {
  await browser?.close();
});

/** A TCP relay to the server that the test can take down (this counter's link alone). */
async function linkStart(targetPort: number): Promise<{ url: string; down: boolean; cut(): void; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const link = {
    url: '',
    down: false,
    cut: () => {
      for (const s of open) s.destroy();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((client) => {
    if (link.down) return void client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  link.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return link;
}

/** The colleague's counter, straight to the server's HTTP API (docs/spec/sync.md). */
async function colleague(base: string, username: string, password: string) {
  const headers = { 'content-type': 'application/json', 'x-motcua-protocol': String(syncProtocolVersion) };
  const login = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username, password }) })).json()) as { accessToken: string };
  const auth = { ...headers, authorization: `Bearer ${login.accessToken}` };
  return {
    async events(): Promise<Record<string, unknown>[]> {
      const res = await fetch(`${base}/api/sync/events/pull?checkpoint=null&limit=1000`, { headers: auth });
      return ((await res.json()) as { documents: Record<string, unknown>[] }).documents;
    },
    async push(event: Record<string, unknown>): Promise<unknown[]> {
      const res = await fetch(`${base}/api/sync/events/push`, { method: 'POST', headers: auth, body: JSON.stringify([{ newDocumentState: event }]) });
      return ((await res.json()) as { rejected: unknown[] }).rejected;
    },
  };
}

describe('quarantine of what the provincial server refuses', () => {
  it('shows the refused transfer with the reason, keeps the server’s withdrawal, and does not retry', async () => {
    const serverData = await mkdtemp(join(tmpdir(), 'motcua-e2e-quarantine-'));
    for (const [username, password] of Object.entries(people)) serverUserAdd(serverData, { username, password });
    const server = await serverChildStart(serverData, 0);
    const link = await linkStart(Number(new URL(server.url).port));
    const a = await hostStart();
    try {
      const page = await pageOpen(browser, a.url);
      await counterSetUp(page, link.url, [1, 499]);
      await signIn(page, 'hoa', people.hoa);
      await expect.poll(() => page.getByTestId('net-state').textContent()).toBe('Có mạng');
      const code = await intake(page, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương', idNumber: '001190012345', birthYear: '1990' });
      await page.getByTestId('sync-now').click();
      await expect.poll(() => page.getByTestId('pending-sync').textContent(), { timeout: 60_000 }).toBe('Chờ đồng bộ: 0');

      // The colleague sees the dossier on the server.
      const minh = await colleague(server.url, 'minh', people.minh);
      const received = (await minh.events()).find((e) => (e.payload as { code?: string }).code === code);
      expect(received).toBeDefined();
      const dossierId = String(received?.dossierId);

      // Hoa's link drops; she transfers the dossier (kept here, waiting).
      link.down = true;
      link.cut();
      await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 30_000 }).not.toBe('Có mạng');
      await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
      await expect.poll(() => page.getByTestId('dossier-code').textContent()).toBe(code);
      await act(page, 'Chuyển xử lý', { 'Chuyển đến đơn vị': 'H29.01.TP' }, 'Đang giải quyết');
      await expect.poll(() => page.getByTestId('pending-sync').textContent()).toBe('Chờ đồng bộ: 1');

      // Meanwhile the applicant withdraws at Minh's counter; the server takes it.
      const at = vnIsoFormat(Date.now());
      const withdrawal = {
        id: randomUUID(), dossierId, unitCode: 'H29.01', seq: 2, type: 'withdrawn', at, updatedAt: at, _deleted: false,
        actor: { userId: 'minh', userName: 'Phạm Văn Minh', workstationId: 'quay-2' }, payload: { reason: 'Người nộp rút hồ sơ' },
      };
      expect(await minh.push(withdrawal)).toEqual([]);

      // The link returns: the transfer is refused and quarantined; the dossier is withdrawn.
      link.down = false;
      await page.getByTestId('sync-now').click();
      await expect.poll(() => page.getByTestId('quarantine').textContent(), { timeout: 60_000 }).toBe('Bị từ chối: 1');
      await expect.poll(() => page.getByTestId('dossier-status').textContent(), { timeout: 30_000 }).toBe('Đã rút hồ sơ');
      await expect.poll(() => page.getByTestId('dossier-sync').textContent()).toContain('Bị từ chối');
      await expect.poll(() => page.getByTestId('pending-sync').textContent()).toBe('Chờ đồng bộ: 0');
      await page.getByTestId('quarantine').click();
      const list = page.getByTestId('quarantine-list');
      await expect.poll(() => list.isVisible()).toBe(true);
      const row = list.getByTestId('quarantine-row');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getAttribute('data-dossier')).toBe(code);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('Chuyển xử lý');
      expect(text).toContain('Không còn là bước hợp lệ');
      await expect.poll(() => page.getByTestId('net-state').textContent(), { timeout: 30_000 }).toBe('Có mạng');
      await page.screenshot({ path: join(screenshotDir, 'sync-quarantine.png'), fullPage: true });

      // Never sent again: the server holds the intake (with its fee paid) and the withdrawal, no
      // transfer, even after another "sync now".
      await page.getByTestId('sync-now').click();
      await expect.poll(() => page.getByTestId('sync-now').isEnabled(), { timeout: 30_000 }).toBe(true);
      const onServer = (await minh.events()).filter((e) => e.dossierId === dossierId).map((e) => e.type);
      expect(onServer).toContain('withdrawn');
      expect(onServer).not.toContain('transferred');
    } finally {
      await a.stop();
      await link.close();
      await server.stop();
      await rm(serverData, { recursive: true, force: true });
    }
  }, 300_000);
});
