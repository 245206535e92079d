import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scannerContractSuite } from '../contract.js';
import { pageImageRender } from '../fake/pageImage.js';
import { imageComplete } from '../imageInfo.js';
import type { ScanPage, ScanRequest } from '../types.js';
import { FolderDriver } from './folderDriver.js';

// A "multifunction printer" that writes pages into the hot folder in pieces, as SMB/FTP does.

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'motcua-hot-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function mfpWrite(dir: string, name: string, bytes: Uint8Array, pauseMs: number): Promise<void> {
  const fh = await open(join(dir, name), 'w');
  const half = Math.floor(bytes.length / 2);
  await fh.write(bytes, 0, half);
  await fh.sync();
  await new Promise((r) => setTimeout(r, pauseMs));
  await fh.write(bytes, half, bytes.length - half);
  await fh.close();
}

async function mfpRun(dir: string, count: number, dpi: number, pauseMs: number, startAt = 0): Promise<void> {
  for (let i = 0; i < count; i++) {
    const img = await pageImageRender({ index: i, dpi, colorMode: 'gray', format: i % 2 ? 'jpeg' : 'png' });
    await mfpWrite(dir, `SCAN_${String(startAt + i).padStart(4, '0')}.${i % 2 ? 'jpg' : 'png'}`, img.bytes, pauseMs);
  }
}

const timing = { stableMs: 120, pollMs: 20, idleMs: 500, firstPageTimeoutMs: 1500 };

scannerContractSuite(
  'folder (hot folder)',
  async (fault) => {
    const hot = await tempDir();
    const driver = new FolderDriver({ folders: [{ key: 'mfp', name: 'Máy in đa năng tầng 1', path: hot }], ...timing });
    let counter = 0;
    return {
      driver,
      deviceId: 'folder:mfp',
      feederCapacity: 3,
      beforeScan: (request: ScanRequest) => {
        if (fault === 'no-paper') return;
        const n = request.pages ?? 3;
        void mfpRun(hot, n, request.dpi, 30, counter);
        counter += n;
      },
    };
  },
  { faults: ['no-paper'] },
);

describe('folder driver specifics', () => {
  it('does not take a file whose size paused longer than the stable time but has no trailer yet', async () => {
    const hot = await tempDir();
    const out = await tempDir();
    const driver = new FolderDriver({ folders: [{ key: 'x', name: 'x', path: hot }], ...timing });
    const writing = mfpRun(hot, 2, 100, 400); // pauses 400 ms mid-file, stable time is 120 ms
    const pages: ScanPage[] = [];
    const completeOnArrival: boolean[] = [];
    for await (const p of driver.scan('folder:x', { source: 'adf', dpi: 100, colorMode: 'gray', outDir: out })) {
      completeOnArrival.push(imageComplete(new Uint8Array(await readFile(p.path!))));
      pages.push(p);
    }
    await writing;
    expect(completeOnArrival).toEqual([true, true]);
    expect(pages.map((p) => p.mime)).toEqual(['image/png', 'image/jpeg']);
    expect(await readdir(hot)).toEqual([]);
    expect((await readdir(out)).sort()).toEqual(['page-0001.png', 'page-0002.jpg']);
  });

  it('takes files that were already waiting, oldest first, and ignores temp files', async () => {
    const hot = await tempDir();
    await mfpRun(hot, 2, 75, 0);
    await mfpWrite(hot, '.~lock.tmp', new Uint8Array([1, 2, 3]), 0);
    const driver = new FolderDriver({ folders: [{ key: 'x', name: 'x', path: hot }], ...timing });
    const pages: ScanPage[] = [];
    for await (const p of driver.scan('folder:x', { source: 'adf', dpi: 75, colorMode: 'gray', outDir: await tempDir() })) pages.push(p);
    expect(pages.map((p) => p.index)).toEqual([0, 1]);
    expect(await readdir(hot)).toEqual(['.~lock.tmp']);
  });

  it('lists only folders that exist', async () => {
    const hot = await tempDir();
    const driver = new FolderDriver({ folders: [{ key: 'a', name: 'A', path: hot }, { key: 'b', name: 'B', path: join(hot, 'missing') }] });
    expect((await driver.devices()).map((d) => d.id)).toEqual(['folder:a']);
    await expect(driver.capabilities('folder:b')).rejects.toMatchObject({ code: 'scanner-offline' });
  });
});
