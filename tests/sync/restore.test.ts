import 'fake-indexeddb/auto';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverChildStart, serverUserAdd } from '../support/provinceServer.js';
import { actionEvent, receivedEvent } from '../support/dossierEvents.js';
import { testWorkstationOpen, type TestWorkstation } from './clientKit.js';
import { api } from './serverKit.js';

// The provincial server restored from an older backup: a workstation's checkpoint is ahead of
// it (409 checkpoint-ahead). The app's replication pulls again from the start and offers its own
// events again, so what the restore lost comes back from the counter that made it.

const password = 'restore-clerk-pw';

async function serverEventIds(url: string, dossierId: string): Promise<string[]> {
  const login = await api<{ accessToken: string }>(url, 'POST', '/api/auth/login', { body: { username: 'restore1', password } });
  const res = await api<{ documents: Array<Record<string, unknown>> }>(url, 'GET', '/api/sync/events/pull?checkpoint=null&limit=1000', { token: login.body.accessToken });
  return res.body.documents.filter((d) => d.dossierId === dossierId).map((d) => String(d.id)).sort();
}

describe('a server restored from a backup (checkpoint ahead)', () => {
  let root = '';
  let ws: TestWorkstation | null = null;
  let server: Awaited<ReturnType<typeof serverChildStart>> | null = null;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'motcua-restore-'));
    await mkdir(join(root, 'data'));
    serverUserAdd(join(root, 'data'), { username: 'restore1', password, units: ['H29.01'] });
  }, 120_000);
  afterAll(async () => {
    await ws?.close();
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('pulls again from the start and sends again the events the restore lost', async () => {
    const data = join(root, 'data');
    server = await serverChildStart(data, 0);
    const port = Number(new URL(server.url).port);
    ws = await testWorkstationOpen(server.url);
    expect(await ws.service.signInOnline('restore1', password)).toBe('online');
    const dossierId = `restore-dossier-${process.pid}`;
    const intake = receivedEvent(dossierId, { code: 'H29.01-261130-0001', actor: { userId: 'u1', userName: 'Lan', workstationId: ws.workstationId } });
    await ws.repo.append(intake);
    const sync = ws.startSync();
    const placed = async (id: string) => (await ws?.db.events.findOne(id).exec())?.pos ?? null;
    for (const end = Date.now() + 30_000; (await placed(intake.id)) !== 1 && Date.now() < end; ) await sync.awaitInSync();
    expect(await placed(intake.id)).toBe(1);

    // The nightly backup: a copy of the data folder while the server is stopped.
    await server.stop();
    await cp(data, join(root, 'backup'), { recursive: true });
    server = await serverChildStart(data, port);
    const transfer = actionEvent(dossierId, 2, 'transferred', { toUnit: 'H29.01.TP', note: null }, { actor: { userId: 'u1', userName: 'Lan', workstationId: ws.workstationId } });
    await ws.repo.append(transfer);
    await sync.syncNow();
    for (const end = Date.now() + 30_000; (await placed(transfer.id)) !== 2 && Date.now() < end; ) await sync.awaitInSync();
    expect(await placed(transfer.id)).toBe(2);
    expect(await serverEventIds(server.url, dossierId)).toEqual([intake.id, transfer.id].sort());

    // The server dies and is restored from that backup: the transfer is gone from it.
    await server.stop();
    await rm(data, { recursive: true, force: true });
    await cp(join(root, 'backup'), data, { recursive: true });
    server = await serverChildStart(data, port);
    expect(await serverEventIds(server.url, dossierId)).toEqual([intake.id]);

    // The workstation's next pull meets a checkpoint ahead of the server: it starts again, and
    // its own events go out again — the transfer is back on the server, placed after the intake.
    await sync.syncNow();
    for (const end = Date.now() + 60_000; (await serverEventIds(server.url, dossierId)).length < 2 && Date.now() < end; ) await sync.awaitInSync();
    expect(await serverEventIds(server.url, dossierId)).toEqual([intake.id, transfer.id].sort());
    for (const end = Date.now() + 30_000; (await placed(transfer.id)) !== 2 && Date.now() < end; ) await sync.awaitInSync();
    const local = (await ws.db.events.find({ selector: { dossierId } }).exec()).map((e) => `${e.type}:${e.pos}:${e.syncState}`).sort();
    expect(local).toEqual(['received:1:acknowledged', 'transferred:2:acknowledged']);
    expect((await ws.repo.get(dossierId))?.projection).toMatchObject({ status: 'in-process', lastSeq: 2 });
  }, 240_000);
});
