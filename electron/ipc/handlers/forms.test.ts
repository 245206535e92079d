import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { formCommands } from '../../../shared/contract/forms.js';
import { formSampleView } from '../../services/forms/sample.js';
import { formsHandlers } from './forms.js';

// Through the contract's own schemas, as the router will call it: args parsed, result checked.

const dir = mkdtempSync(join(tmpdir(), 'motcua-form-ipc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { session: null, origin: 'test' as const };
const spec = formCommands['form:render'];
const fixture = JSON.parse(
  readFileSync(new URL('../../services/forms/fixtures/dossierExport.json', import.meta.url), 'utf8'),
) as unknown;

describe('form:render', () => {
  it('renders from a ready view, keeps the PDF by hash and returns it as base64', async () => {
    const kept: { sha256: string; fileName: string; size: number }[] = [];
    const handlers = formsHandlers({ keep: async (bytes, meta) => void kept.push({ ...meta, size: bytes.length }) });
    const args = spec.args.parse({ kind: 'control', view: formSampleView() });
    const result = spec.result.parse(await handlers['form:render'](args, ctx));
    expect(result).toMatchObject({ kind: 'control', pages: 1, fileName: 'phieu-kiem-soat_000.12.31.H29-261130-0007.pdf' });
    expect(kept).toEqual([{ sha256: result.sha256, fileName: result.fileName, dossierCode: '000.12.31.H29-261130-0007', size: result.bytes }]);
    const path = join(dir, result.fileName);
    writeFileSync(path, Buffer.from(result.pdfBase64, 'base64'));
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' })).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  });

  it('renders from a dossier export', async () => {
    const args = spec.args.parse({ kind: '01', export: fixture });
    const result = await formsHandlers()['form:render'](args, ctx);
    expect(result.pages).toBe(2);
  });

  it('refuses bad arguments at the schema and a bad export with validation-failed', async () => {
    expect(spec.args.safeParse({ kind: '05', view: formSampleView() }).success).toBe(false);
    expect(spec.args.safeParse({ kind: '01' }).success).toBe(false);
    expect(spec.args.safeParse({ kind: '01', view: { ...formSampleView(), receivedAt: '30/11/2026' } }).success).toBe(false);
    const args = spec.args.parse({ kind: '01', export: { dossier: {}, events: [] } });
    await expect(formsHandlers()['form:render'](args, ctx)).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'validation-failed',
    );
  });
});
