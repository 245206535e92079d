import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Electronegativity (Doyensec) over the Electron main, preload and window code: no HIGH or
// MEDIUM finding may stand. A reviewed finding is annotated in the code with
// `eng-disable <CHECK_ID>` and a reason. AvailableSecurityFixesGlobalCheck is left out: it
// downloads Electron's release list (tests run offline); `npm audit` covers outdated Electron.

interface Issue {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
}

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '../..');

describe('Electronegativity', () => {
  it('finds no HIGH or MEDIUM issue in electron/', async () => {
    const run = require('@doyensec/electronegativity') as (options: object, forCli: boolean) => Promise<{ issues: Issue[]; errors: { file: string; message: string }[]; atomicChecks: number }>;
    const electronVersion = (require(join(root, 'node_modules/electron/package.json')) as { version: string }).version;
    const result = await run(
      { input: join(root, 'electron'), electronVersionOverride: electronVersion, isRelative: true, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] },
      false,
    );
    expect(result.atomicChecks).toBeGreaterThan(30);
    const serious = result.issues
      .filter((i) => i.severity.name === 'HIGH' || i.severity.name === 'MEDIUM')
      .map((i) => `${i.severity.name} ${i.id} ${i.file}:${i.location.line}`);
    expect(serious).toEqual([]);
    expect(result.errors.filter((e) => !/\.test\.ts$/.test(e.file))).toEqual([]);
  }, 120_000);

  it('would flag a window without isolation (the check can fail)', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'motcua-eng-'));
    await writeFile(join(dir, 'bad.js'), "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true, sandbox: false } });\n");
    const run = require('@doyensec/electronegativity') as (options: object, forCli: boolean) => Promise<{ issues: Issue[] }>;
    const result = await run({ input: dir, electronVersionOverride: '40.10.2', excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] }, false);
    await rm(dir, { recursive: true, force: true });
    expect(result.issues.map((i) => i.id)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
  }, 120_000);
});
