// Issue 11's acceptance test: a real RxDB database (Dexie over fake-indexeddb) and a real data
// folder are backed up, both wiped, restored, and compared document by document and byte by byte.
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseOpen } from '../../renderer/db/database.js';
import { databaseDump, databaseRestore } from '../../renderer/features/backup/dbDump.js';
import { auditLogOpen, auditVerify } from '../../electron/services/audit/auditLog.js';
import { blobStoreCreate } from '../../electron/services/blobs/blobStore.js';
import { backupServiceCreate } from '../../electron/services/backup/backupService.js';

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

describe('backup round trip', () => {
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

});
