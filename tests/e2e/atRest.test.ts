import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumArgs, hostStart } from '../support/browserHost.js';
import { clerk, counterStaff, intake, signInAs } from '../support/counter.js';
import { workstationPrepare } from '../support/workstation.js';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

function contains(haystack: Buffer, needle: string): boolean {
  return haystack.includes(Buffer.from(needle, 'latin1')) || haystack.includes(Buffer.from(needle, 'utf16le'));
}

describe('personal data at rest', () => {
  it('cannot be read from the IndexedDB files Chromium writes to disk', async () => {
    const host = await hostStart();
    const profile = await mkdtemp(join(tmpdir(), 'motcua-profile-'));
    try {
      const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(host.url);
      await workstationPrepare(page);
      await counterStaff(page);
      await signInAs(page, clerk);
      const code = await intake(page, { procedureQuery: 'nhan cha me', name: 'Đỗ Thị Hương', idNumber: '001190012345', birthYear: '1990' });
      await context.close();

      const store = Buffer.concat(await Promise.all((await filesUnder(join(profile, 'Default', 'IndexedDB'))).map((f) => readFile(f))));
      // The control: the dossier code (not personal) is found in the raw files, so the search works.
      expect(contains(store, code)).toBe(true);
      expect(contains(store, '001190012345')).toBe(false);
      expect(contains(store, '0912345678')).toBe(false);
      expect(contains(store, 'Thôn Đông')).toBe(false);
    } finally {
      await host.stop();
      await rm(profile, { recursive: true, force: true });
    }
  }, 300_000);
});
