import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryNameValid } from './archive.js';
import { backupSchedulerCreate } from './backupScheduler.js';
import { backupServiceCreate } from './backupService.js';

const fastKdf = { N: 2 ** 10, r: 8, p: 1 };
const passphrase = 'mật khẩu sao lưu 2026';
let root: string;
let dataDir: string;
let usb: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'motcua-backup-'));
  dataDir = join(root, 'data');
  usb = join(root, 'usb');
  await mkdir(dataDir, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('backup service', () => {
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
