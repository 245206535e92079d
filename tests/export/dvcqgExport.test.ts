import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CliIo } from '../../cli/command.js';
import { cliRun } from '../../cli/main.js';
import { dongBoHoSoMcSchema } from '../../shared/sync/dvcqg.js';
import { serverConfigParse } from '../../server/config.js';
import { serverDbOpen } from '../../server/start.js';
import { rulePackFromFile, rulePackImport } from '../../server/services/ruleStore.js';
import { syncDocsWrite, syncPush } from '../../server/services/syncStore.js';
import { exportBuild } from '../../server/export/dvcqgRun.js';
import { eventRows, eventsMake, sampleClerk, testCatalogue } from './testRows.js';

// The national export of a sample day, through the CLI, against a PGlite data folder seeded with
// replicated rows: the output passes the DongBoHoSoMC schema, a retired code is held back.

function captureIo(): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { out: (t) => outText.push(t), err: (t) => errText.push(t), env: {}, cwd: process.cwd(), outText, errText };
}

const day = '2026-03-02';
const sha = 'a'.repeat(64);

describe('motcua server export --format dvcqg', () => {
  let dir = '';
  let data = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-export-'));
    data = join(dir, 'data');
    const { db, close } = await serverDbOpen(serverConfigParse(['--data', data, '--init'], {}, process.cwd()));
    try {
      await rulePackImport(db, rulePackFromFile(testCatalogue, 'catalogue'));
      const events = [
        eventsMake('dossier-ok', 'H05.01-260302-0001', '2.000815', `${day}T09:00:00+07:00`, true),
        eventsMake('dossier-new', 'H05.01-260302-0002', 'HT-08', `${day}T09:30:00+07:00`),
        eventsMake('dossier-retired', 'H05.01-260302-0003', '1.001776', `${day}T10:00:00+07:00`),
        eventsMake('dossier-unknown', 'H05.01-260302-0004', '9.999999', `${day}T10:30:00+07:00`),
        eventsMake('dossier-other-day', 'H05.01-260301-0001', '2.000815', '2026-03-01T10:00:00+07:00'),
      ].flat();
      const pushed = await syncPush(db, 'events', sampleClerk, eventRows(events));
      expect(pushed.rejected).toEqual([]);
      const file = { id: 'f1', unitCode: 'H05.01', createdAt: `${day}T09:05:00+07:00`, _deleted: false, sha256: sha, size: 10, dossierId: 'dossier-ok', name: 'to-khai.pdf', mime: 'application/pdf', componentCode: 'TK' };
      expect((await syncPush(db, 'files', sampleClerk, [{ newDocumentState: file }])).rejected).toEqual([]);
      // A stored row that is not a projection (damaged by hand, or an old server's) is held back, never dropped silently.
      await syncDocsWrite(db, 'dossiers', [{ id: 'dossier-bad', unitCode: 'H05.01', updatedAt: `${day}T11:00:00+07:00`, _deleted: false, code: 'X' }]);
    } finally {
      await close();
    }
  }, 180_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('exports the day in DongBoHoSoMC shape and holds back retired and unknown codes with reasons', { timeout: 120_000 }, async () => {
    const io = captureIo();
    const out = join(dir, 'out', 'dvcqg.json');
    const code = await cliRun(['server', 'export', '--format', 'dvcqg', '--data', data, '--from', day, '--to', day, '--out', out, '--json'], io);
    expect(io.errText).toEqual([]);
    expect(code).toBe(0);
    const bodies = z.array(dongBoHoSoMcSchema).parse(JSON.parse(await readFile(out, 'utf8')));
    expect(bodies).toHaveLength(1);
    const body = bodies[0];
    expect(body?.MaDinhDanhDV).toBe('H05.01');
    expect(body?.data.map((d) => [d.MaHoSo, d.MaTTHC])).toEqual([
      ['H05.01-260302-0001', '2.000815'],
      ['H05.01-260302-0002', '1.014137'],
    ]);
    const ok = body?.data[0];
    expect(ok).toMatchObject({ NgayTiepNhan: '20260302090000', NgayHenTra: '20260305160000', NgayTra: '20260302160000', TrangThaiHoSo: 10, TenLinhVuc: 'Hộ tịch' });
    expect(ok?.TaiLieuNop).toEqual([expect.objectContaining({ TepDinhKemId: sha, TenTepDinhKem: 'to-khai.pdf', MaThanhPhanHoSo: 'TK' })]);
    const held = JSON.parse(await readFile(join(dir, 'out', 'dvcqg.held-back.json'), 'utf8')) as { accepted: number; held: Array<{ dossierId: string; reason: string; message: string }> };
    expect(held.accepted).toBe(2);
    expect(held.held.map((h) => [h.dossierId, h.reason])).toEqual([
      ['dossier-bad', 'projection-invalid'],
      ['dossier-retired', 'procedure-retired'],
      ['dossier-unknown', 'procedure-unknown'],
    ]);
    expect(held.held[1]?.message).toMatch(/hết hiệu lực từ 2026-01-01/);
    expect(JSON.parse(io.outText.at(-1) ?? '{}')).toMatchObject({ accepted: 2, held: 3 });
  });

  it('the schema check fails on a wrong shape (a retired code forced in, a missing field)', () => {
    const item = { MaHoSo: 'X', MaTTHC: 'HT-07' };
    expect(dongBoHoSoMcSchema.safeParse({ service: 'DongBoHoSoMC', MaDinhDanhDV: 'H05.01', isUpdating: true, data: [item] }).success).toBe(false);
  });

  it('is the same export from the library (stable order, same bytes on a re-run)', { timeout: 120_000 }, async () => {
    const { db, close } = await serverDbOpen(serverConfigParse(['--data', data], {}, process.cwd()));
    try {
      const a = await exportBuild(db, { from: day, to: day, nowIso: 'x' });
      const b = await exportBuild(db, { from: day, to: day, nowIso: 'x' });
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      const wider = await exportBuild(db, { from: '2026-03-01', to: day });
      expect(wider.report.accepted).toBe(3);
    } finally {
      await close();
    }
  });

  it('bad input exits 2 with one line', { timeout: 60_000 }, async () => {
    const io = captureIo();
    const base = ['server', 'export', '--data', data, '--out', join(dir, 'x.json')];
    expect(await cliRun([...base, '--format', 'xml', '--from', day, '--to', day], io)).toBe(2);
    expect(await cliRun([...base, '--format', 'dvcqg', '--from', '2026-02-30', '--to', day], io)).toBe(2);
    expect(await cliRun([...base, '--format', 'dvcqg', '--from', day, '--to', '2026-03-01'], io)).toBe(2);
    expect(await cliRun([...base, '--format', 'dvcqg', '--from', day], io)).toBe(2);
    expect(await cliRun([...base, '--format', 'dvcqg', '--from', day, '--to', day, '--bogus'], io)).toBe(2);
    expect(io.errText).toHaveLength(5);
    expect(io.errText[1]).toMatch(/--from must be a date/);
  });

  it('runs as a real process with a plug-in connector', { timeout: 120_000 }, async () => {
    const plugin = join(dir, 'connector.mjs');
    await writeFile(plugin, `import { writeFileSync } from 'node:fs';
export function connectorCreate(o) { return { name: 'test', async deliver(bodies, report) { writeFileSync(o.file, JSON.stringify({ n: bodies[0].data.length, held: report.held.length })); return { refs: [o.file] }; } }; }\n`);
    const target = join(dir, 'plugin-out.json');
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/motcua.js', 'server', 'export', '--format', 'dvcqg', '--data', data,
      '--from', day, '--to', day, '--connector', plugin, '--connector-option', `file=${target}`]);
    expect(stdout).toMatch(/2 dossiers exported, 3 held back/);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ n: 2, held: 3 });
  });
});
