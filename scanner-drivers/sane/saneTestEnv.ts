import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A private SANE configuration for tests and demos: only the backends named, and the test
// backend's scan area widened to 300 mm so a true A4 page fits (its default clamps at 200 mm).

export interface SaneTestEnv {
  dir: string;
  env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

export async function saneTestEnvCreate(options: { backends?: string[]; airscanDevices?: Record<string, string> } = {}): Promise<SaneTestEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-sane-'));
  await writeFile(join(dir, 'dll.conf'), `${(options.backends ?? ['test']).join('\n')}\n`);
  await writeFile(join(dir, 'test.conf'), 'geometry_max 300\nnumber_of_devices 2\n');
  if (options.airscanDevices) {
    const lines = Object.entries(options.airscanDevices).map(([name, url]) => `"${name}" = ${url}, eSCL`);
    await writeFile(join(dir, 'airscan.conf'), `[devices]\n${lines.join('\n')}\n\n[options]\ndiscovery = disable\nws-discovery = off\n`);
  }
  // No trailing ':' in SANE_CONFIG_DIR, so /etc/sane.d is not searched for dll.conf.
  return { dir, env: { ...process.env, SANE_CONFIG_DIR: dir }, remove: () => rm(dir, { recursive: true, force: true }) };
}
