import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { backendCreate } from '../app/backend.js';
import { servicesCreate } from '../app/services.js';
import { configCreate } from '../config/config.js';
import { auditVerify } from '../services/audit/auditLog.js';
import { handlersCreate } from './handlers.js';
import { routerCreate } from './router.js';

async function backendTemp() {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-router-'));
  return backendCreate(configCreate({ dataDir, version: '9.9.9' }));
}

const goodSettings = {
  agencyCode: '000.00.12.H29',
  unitName: 'UBND xã Tân Lập',
  workstationName: 'Quầy 1',
  serverUrl: 'https://motcua.example.gov.vn',
};

describe('command router', () => {
  it('answers an unknown command with not-found', async () => {
    const backend = await backendTemp();
    const result = await backend.invoke('dossier:explode', {}, 'test');
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found', details: { command: 'dossier:explode' } } });
  });

  it('answers bad arguments with validation-failed naming the failing field', async () => {
    const backend = await backendTemp();
    const result = await backend.invoke('setup:save', { ...goodSettings, agencyCode: 'bad code' }, 'test');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation-failed');
    expect(result.error.details?.field).toBe('agencyCode');
    const missing = await backend.invoke('setup:save', { agencyCode: '000.00.12.H29' }, 'test');
    expect(missing).toMatchObject({ ok: false, error: { code: 'validation-failed', details: { field: 'unitName' } } });
  });

  it('passes a handler’s thrown error to the caller with its code and details', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'motcua-router-'));
    const services = servicesCreate(configCreate({ dataDir }));
    const router = routerCreate({
      ...handlersCreate(services),
      'app:status': () => {
        throw new AppError('device-offline', 'máy quét không phản hồi', { device: 'sane:test' });
      },
    });
    const result = await router.dispatch('app:status', {}, { session: null, origin: 'test' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'device-offline', message: 'máy quét không phản hồi', details: { device: 'sane:test' } },
    });
  });

  it('turns an unexpected exception into internal without crashing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'motcua-router-'));
    const services = servicesCreate(configCreate({ dataDir }));
    const router = routerCreate({ ...handlersCreate(services), 'app:status': () => { throw new TypeError('boom'); } });
    expect(await router.dispatch('app:status', {}, { session: null, origin: 'test' })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('reports a corrupt settings file as settings-corrupt', async () => {
    const backend = await backendTemp();
    await writeFile(join(backend.services.config.dataDir, 'settings.json'), '{"agencyCode": 1}');
    expect(await backend.invoke('app:status', {}, 'test')).toMatchObject({ ok: false, error: { code: 'settings-corrupt' } });
  });

  it('saves settings, keeps the workstation id, and audits each call in a verifiable chain', async () => {
    const backend = await backendTemp();
    const first = await backend.invoke('setup:save', goodSettings, 'test');
    const second = await backend.invoke('setup:save', { ...goodSettings, workstationName: 'Quầy 2' }, 'test');
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect((second.value as { workstationId: string }).workstationId).toBe((first.value as { workstationId: string }).workstationId);
    const status = await backend.invoke('app:status', {}, 'test');
    expect(status).toMatchObject({ ok: true, value: { configured: true, version: '9.9.9', settings: { workstationName: 'Quầy 2' } } });
    const verdict = await auditVerify(join(backend.services.config.dataDir, 'audit.log'));
    expect(verdict).toEqual({ ok: true, records: 2 });
  });
});
