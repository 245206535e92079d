import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

// pack:check as CI runs it, and proof that it fails on the mistakes it is there to catch.
const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

async function packCheck(configText?: string): Promise<{ ok: boolean; failures: string[] }> {
  const args = ['--import', 'tsx', 'build/packCheck.ts', '--json'];
  let dir: string | null = null;
  if (configText !== undefined) {
    dir = await mkdtemp(join(tmpdir(), 'motcua-pack-'));
    await writeFile(join(dir, 'electron-builder.yml'), configText);
    args.push('--config', join(dir, 'electron-builder.yml'));
  }
  const result = await run(process.execPath, args, { cwd: root, maxBuffer: 16 << 20 }).catch((e: { stdout: string }) => e);
  if (dir) await rm(dir, { recursive: true, force: true });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as { ok: boolean; failures: string[] };
}

describe('npm run pack:check', () => {
  beforeAll(async () => {
    // pack:check reads the built app; `npm test` builds only the renderer.
    if (!existsSync(join(root, 'out/main/main.cjs')) || !existsSync(join(root, 'out/preload/preload.cjs'))) {
      await run(process.execPath, ['--import', 'tsx', 'build/buildMain.ts'], { cwd: root });
    }
  }, 120_000);

  it('passes on the shipped electron-builder.yml', async () => {
    const result = await packCheck();
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
  }, 120_000);

  it('fails when wasm is packed into the asar, the installer is per-machine, or a key is misspelt', async () => {
    const yml = await readFile(join(root, 'electron-builder.yml'), 'utf8');
    const broken = yml.replace('  - "**/*.wasm"\n', '').replace('perMachine: false', 'perMachine: true').replace('oneClick: false', 'oneClick: false\n  perMachin: true');
    const result = await packCheck(broken);
    expect(result.ok).toBe(false);
    expect(result.failures.join('\n')).toMatch(/does not match the schema/);
    expect(result.failures.join('\n')).toMatch(/per-user by default/);
    expect(result.failures.join('\n')).toMatch(/not unpacked from the asar: node_modules\/.*\.wasm/);
  }, 120_000);
});
