import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseOpen } from '../../../renderer/db/database.js';
import { databaseDump, databaseRestore } from '../../../renderer/features/backup/dbDump.js';
import { auditLogOpen, auditVerify } from '../audit/auditLog.js';
import { blobStoreCreate } from '../blobs/blobStore.js';
import { entryNameValid } from './archive.js';
import { backupSchedulerCreate } from './backupScheduler.js';
import { backupServiceCreate } from './backupService.js';

const fastKdf = { N: 2 ** 10, r: 8, p: 1 };
const passphrase = 'mật khẩu sao lưu 2026';
let root: string;
let dataDir: string;
let usb: string;
let n = 0;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'motcua-backup-'));
  dataDir = join(root, 'data');
  usb = join(root, 'usb');
  await mkdir(dataDir, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const base = { unitCode: 'H29', procedureCode: '1.001', status: 'received', lastSeq: 1, syncState: 'local', updatedAt: '2026-11-30T08:00:00+07:00' };

async function workstationFill(dbName: string) {
  const db = await databaseOpen({ name: dbName });
  const blobs = blobStoreCreate(join(dataDir, 'blobs'));
  const files: { sha256: string; bytes: Buffer }[] = [];
  for (let i = 0; i < 5; i++) {
    const bytes = randomBytes(1000 + i * 5000);
    files.push({ sha256: (await blobs.put(bytes)).sha256, bytes });
  }
  await db.dossiers.bulkInsert(
    Array.from({ length: 50 }, (_, i) => ({
      ...base,
      id: `d${i}`,
      code: `H29-261130-${String(i).padStart(4, '0')}`,
      applicantName: `Nguyễn Thị Đào ${i}`,
      applicantNameSearch: `nguyen thi dao ${i}`,
      receivedAt: '2026-11-30T08:00:00+07:00',
      dueAt: '2026-12-03T08:00:00+07:00',
    })),
  );
  await db.files.bulkInsert(
    files.map((f, i) => ({ id: `f${i}`, sha256: f.sha256, dossierId: `d${i}`, unitCode: 'H29', name: `trang-${i}.pdf`, mime: 'application/pdf', size: f.bytes.length, createdAt: '2026-11-30T08:00:00+07:00', syncState: 'local' })),
  );
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ agencyCode: '000.00.12.H29', unitName: 'UBND xã Đông Hòa' }));
  await writeFile(join(dataDir, 'users.json'), JSON.stringify([{ name: 'admin' }]));
  const audit = auditLogOpen(join(dataDir, 'audit.log'));
  for (let i = 0; i < 10; i++) await audit.append({ command: 'dossier:intake', i });
  await mkdir(join(dataDir, 'scans'), { recursive: true });
  await writeFile(join(dataDir, 'scans', 'page-1.png'), 'transient');
  return { db, files };
}

const withoutStamp = (dump: Awaited<ReturnType<typeof databaseDump>>) => ({ ...dump, createdAt: '' });

describe('backup service', () => {
  it('backup → wipe → restore returns identical dossiers and files', async () => {
    const name = `backup-${Date.now()}-${n++}`;
    const { db, files } = await workstationFill(name);
    const before = await databaseDump(db);
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: fastKdf });
    const made = await service.create({ dump: before, folder: usb, passphrase });
    expect(made.files).toBe(5 + 3); // 5 blobs + settings, users, audit log; scans/ left out
    expect((await stat(made.path)).size).toBe(made.bytes);
    // The archive is encrypted: neither a name nor a blob shows through.
    const raw = await readFile(made.path);
    expect(raw.includes(Buffer.from('Nguyễn'))).toBe(false);
    expect(raw.includes(files[0]!.bytes.subarray(0, 64))).toBe(false);

    // Wipe: the browser database and the whole data folder are gone.
    await db.remove();
    await rm(dataDir, { recursive: true, force: true });

    const restored = await service.restore(made.path, passphrase);
    expect(restored.previousDir).toBeNull();
    const db2 = await databaseOpen({ name });
    expect(await db2.dossiers.count().exec()).toBe(0);
    const counts = await databaseRestore(db2, restored.dump);
    expect(counts).toMatchObject({ dossiers: 50, files: 5 });
    expect(withoutStamp(await databaseDump(db2))).toEqual(withoutStamp(before));
    const blobs = blobStoreCreate(join(dataDir, 'blobs'));
    for (const f of files) expect((await blobs.get(f.sha256)).equals(f.bytes)).toBe(true);
    expect(await auditVerify(join(dataDir, 'audit.log'))).toEqual({ ok: true, records: 10 });
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ unitName: 'UBND xã Đông Hòa' });
    await expect(stat(join(dataDir, 'scans'))).rejects.toThrow();
    await db2.remove();
  });

  it('a wrong passphrase or a changed byte replaces nothing', async () => {
    await writeFile(join(dataDir, 'settings.json'), '{"v":1}');
    await writeFile(join(dataDir, 'big.bin'), randomBytes(300_000));
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: fastKdf });
    const made = await service.create({ dump: { format: 'x' }, folder: usb, passphrase });
    await writeFile(join(dataDir, 'settings.json'), '{"v":2}');

    await expect(service.restore(made.path, 'một mật khẩu khác hẳn')).rejects.toMatchObject({ code: 'backup-wrong-passphrase' });
    // Flip one byte in the middle of the ciphertext, then one in the tag, then cut the file short.
    const bytes = await readFile(made.path);
    for (const at of [Math.floor(bytes.length / 2), bytes.length - 3]) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0x01;
      const badPath = join(root, `bad-${at}.mcbak`);
      await writeFile(badPath, bad);
      await expect(service.restore(badPath, passphrase)).rejects.toMatchObject({ code: 'backup-corrupt' });
      await expect(service.verify(badPath, passphrase)).rejects.toMatchObject({ code: 'backup-corrupt' });
    }
    const cutPath = join(root, 'cut.mcbak');
    await writeFile(cutPath, bytes.subarray(0, bytes.length - 5000));
    await expect(service.restore(cutPath, passphrase)).rejects.toMatchObject({ code: 'backup-corrupt' });

    expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).toBe('{"v":2}');
    expect((await readdir(root)).filter((f) => f.includes('.restore-') || f.includes('.before-restore-'))).toEqual([]);
    expect(await service.verify(made.path, passphrase)).toMatchObject({ files: 2 });
  });

  it('restoring over a live folder keeps the previous folder beside it', async () => {
    await writeFile(join(dataDir, 'settings.json'), '{"v":1}');
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: fastKdf });
    const made = await service.create({ dump: { a: 1 }, folder: usb, passphrase });
    await writeFile(join(dataDir, 'settings.json'), '{"v":2}');
    const restored = await service.restore(made.path, passphrase);
    expect(restored.dump).toEqual({ a: 1 });
    expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).toBe('{"v":1}');
    expect(await readFile(join(restored.previousDir!, 'settings.json'), 'utf8')).toBe('{"v":2}');
  });

  it('lists backups newest first from their plain header, skipping foreign files', async () => {
    let t = Date.parse('2026-11-30T01:00:00Z');
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: fastKdf, now: () => new Date((t += 3_600_000)) });
    await service.create({ dump: {}, folder: usb, passphrase });
    await service.create({ dump: {}, folder: usb, passphrase });
    await writeFile(join(usb, 'foreign.mcbak'), 'not a backup at all');
    const list = await service.list(usb);
    expect(list.map((b) => b.createdAt)).toEqual(['2026-11-30T03:00:00.000Z', '2026-11-30T02:00:00.000Z']);
    await expect(service.create({ dump: {}, folder: usb, passphrase: 'ngắn' })).rejects.toMatchObject({ code: 'validation-failed' });
  });

  it('a backup folder inside the data folder is not backed up into itself', async () => {
    const inside = join(dataDir, 'backups');
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: fastKdf });
    await writeFile(join(dataDir, 'settings.json'), '{}');
    await service.create({ dump: {}, folder: inside, passphrase });
    const second = await service.create({ dump: {}, folder: inside, passphrase });
    expect(second.files).toBe(1);
  });

  it('the daily scheduler calls for a backup only when the newest is a day old', async () => {
    let now = Date.parse('2026-11-30T01:00:00Z');
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0', kdf: fastKdf, now: () => new Date(now) });
    const due: (string | null)[] = [];
    const scheduler = backupSchedulerCreate({ service, folder: async () => usb, onDue: (d) => due.push(d.lastAt), now: () => new Date(now) });
    expect(await scheduler.check()).toBe(true);
    await service.create({ dump: {}, folder: usb, passphrase });
    now += 23 * 3_600_000;
    expect(await scheduler.check()).toBe(false);
    now += 2 * 3_600_000;
    expect(await scheduler.check()).toBe(true);
    scheduler.stop();
    expect(due).toEqual([null, '2026-11-30T01:00:00.000Z']);
  });

  it('entry names never escape the target folder', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', '', 'a//b', './a']) expect(entryNameValid(bad)).toBe(false);
    for (const good of ['dump.json', 'data/blobs/ab/abcdef', 'data/keys/workstation.key']) expect(entryNameValid(good)).toBe(true);
  });

  it('the default scrypt cost keeps backup + verify of 1 MiB under five seconds', async () => {
    const service = backupServiceCreate({ dataDir, appVersion: '0.1.0' });
    const h = await open(join(dataDir, 'x.bin'), 'w');
    await h.write(randomBytes(1 << 20));
    await h.close();
    const t0 = performance.now();
    const made = await service.create({ dump: {}, folder: usb, passphrase });
    const v = await service.verify(made.path, passphrase);
    const ms = performance.now() - t0;
    expect(v.files).toBe(1);
    expect(ms).toBeLessThan(5000);
    console.log(`backup+verify 1 MiB with default scrypt: ${ms.toFixed(0)} ms`);
  });
});
