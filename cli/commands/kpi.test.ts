import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

let dir = '';
function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: dir };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-kpi-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const dossiers = [
  { MaHoSo: 'A', MaTTHC: '2.000815', NgayTiepNhan: '20260302090000', NgayHenTra: '20260302170000', NgayKetThucXuLy: '20260302110000',
    TrangThaiHoSo: 10, KenhThucHien: 2, TaiLieuNop: [{ TepDinhKemId: 'f1', DuocSoHoa: 1 }], DanhSachGiayToKetQua: [{ DuongDanTepTinKetQua: 'u' }],
    DanhSachLePhi: [{ TenPhiLePhi: 'Phí', Gia: 2000 }], DuocThanhToanTrucTuyen: 2, HoSoCoThanhPhanSoHoa: 1, DanhSachHoSoBoSung: [] },
  { MaHoSo: 'B', MaTTHC: 'HT-04', NgayTiepNhan: '20260303090000', NgayHenTra: '20260306090000', NgayKetThucXuLy: '20260310090000',
    TrangThaiHoSo: 9, KenhThucHien: 1 },
];

describe('motcua kpi', () => {
  it('prints indicators keyed by id with numerator, denominator and rate', async () => {
    await writeFile(join(dir, 'in.json'), JSON.stringify(dossiers));
    const c = io();
    expect(await cliRun(['kpi', '--input', 'in.json', '--from', '2026-03-01', '--to', '2026-03-31', '--json'], c), c.stderr.join('')).toBe(0);
    const r = JSON.parse(c.stdout.join('')) as Record<string, { numerator: number; denominator: number; rate: number | null }>;
    expect(Object.keys(r).sort()).toEqual(['1.4', '2.1', '2.2', '3.3', '3.6', '4.1', '4.2', '4.3', '5.4']);
    expect(r['2.1']).toMatchObject({ numerator: 1, denominator: 2, rate: 50 });
    expect(r['3.3']).toMatchObject({ numerator: 1, denominator: 2, rate: 50 });
    expect(r['4.2']).toMatchObject({ numerator: 1, denominator: 2, rate: 50 });
    expect(r['4.3']).toMatchObject({ numerator: 1, denominator: 2, rate: 50 });
    expect(r['3.6']).toMatchObject({ numerator: 1, denominator: 2, rate: 50 }); // HT-04 has a fee in the catalogue
  });

  it('gives rate null when nothing falls in the period', async () => {
    const c = io();
    expect(await cliRun(['kpi', '--input', 'in.json', '--from', '2027-01-01', '--to', '2027-01-31', '--json'], c)).toBe(0);
    expect(JSON.parse(c.stdout.join(''))['4.2']).toMatchObject({ numerator: 0, denominator: 0, rate: null });
  });

  it.each([
    ['bad dates', [{ ...dossiers[0], NgayTiepNhan: '2026-03-02' }], /NgayTiepNhan/],
    ['bad status', [{ ...dossiers[0], TrangThaiHoSo: 11 }], /TrangThaiHoSo/],
    ['not an array', { MaHoSo: 'A' }, /không hợp lệ/],
  ])('refuses %s with exit 2', async (_l, content, reason) => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify(content));
    const c = io();
    expect(await cliRun(['kpi', '--input', 'bad.json', '--from', '2026-03-01', '--to', '2026-03-31'], c)).toBe(2);
    expect(c.stderr.join('')).toMatch(reason);
  });

  it('refuses bad options', async () => {
    expect(await cliRun(['kpi', '--input', 'in.json', '--from', '2026-13-01', '--to', '2026-03-31'], io())).toBe(2);
    expect(await cliRun(['kpi', '--input', 'in.json', '--from', '2026-04-01', '--to', '2026-03-31'], io())).toBe(2);
    expect(await cliRun(['kpi', '--from', '2026-03-01', '--to', '2026-03-31'], io())).toBe(2);
    await writeFile(join(dir, 'nojson.json'), '{');
    expect(await cliRun(['kpi', '--input', 'nojson.json', '--from', '2026-03-01', '--to', '2026-03-31'], io())).toBe(2);
  });
});
