import { afterAll, describe, expect, it } from 'vitest';
import { esclTestServerStart, type EsclTestServer } from './escl/testServer.js';
import { scannerRegistryCreate } from './registry.js';
import { saneTestEnvCreate, type SaneTestEnv } from './sane/saneTestEnv.js';

let server: EsclTestServer | undefined;
let env: SaneTestEnv | undefined;
afterAll(async () => {
  await server?.close();
  await env?.remove();
});

describe('scanner registry', () => {
  it('lists the devices of every driver and routes by id prefix', async () => {
    server = await esclTestServerStart({ adfSheets: 2 });
    env = await saneTestEnvCreate();
    const registry = scannerRegistryCreate({ platform: 'linux', env: env.env, escl: [{ name: 'Máy tầng 2', url: server.url }] });
    const { devices, failures } = await registry.devices();
    expect(failures).toEqual([]);
    expect(devices.map((d) => d.id)).toEqual(['sane:test:0', 'sane:test:1', `escl:${server.url}`, 'fake:demo']);
    expect(registry.driverFor('escl:http://x/eSCL').name).toBe('escl');
    expect(registry.driverFor('sane:airscan:e0:Test').name).toBe('sane');
    expect(() => registry.driverFor('usb:0')).toThrow(expect.objectContaining({ code: 'scanner-offline' }));
  });

  it('uses WIA and TWAIN instead of SANE on Windows', () => {
    expect(scannerRegistryCreate({ platform: 'win32' }).drivers.map((d) => d.name)).toEqual(['wia', 'twain', 'escl', 'folder', 'fake']);
  });
});
