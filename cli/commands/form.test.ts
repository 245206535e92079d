import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { cliRun } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'motcua-form-cli-'));
const fixture = new URL('../../electron/services/forms/fixtures/dossierExport.json', import.meta.url).pathname;
const bin = new URL('../../bin/motcua.js', import.meta.url).pathname;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, cwd: dir };
}

const text = (pdf: string): string => execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('motcua form', () => {
  it('renders a form from a dossier export and reports it as JSON', async () => {
    const c = io();
    expect(await cliRun(['form', '03', '--dossier', fixture, '--out', 'tu-choi.pdf', '--json'], c)).toBe(0);
    const r = JSON.parse(c.stdout.join('')) as { kind: string; out: string; pages: number; bytes: number; sha256: string };
    expect(r).toMatchObject({ kind: '03', out: join(dir, 'tu-choi.pdf'), pages: 1 });
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(r.out).length).toBe(r.bytes);
    expect(text(r.out)).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    // The fixture has no refusal event: the form prints with a blank reason, and says so.
    expect(c.stderr.join('')).toMatch(/no refused event/);
  });

  it('renders the tracking book from a list of exports', async () => {
    const list = join(dir, 'list.json');
    const one = JSON.parse(readFileSync(fixture, 'utf8')) as { dossier: Record<string, unknown> };
    const two = structuredClone(one);
    two.dossier.code = '000.12.31.H29-261201-0009';
    two.dossier.applicantName = 'Đinh Thị Ngọc Ánh';
    writeFileSync(list, JSON.stringify([one, two]));
    const c = io();
    expect(await cliRun(['form', 'book', '--dossier', list, '--out', 'so.pdf'], c)).toBe(0);
    const t = text(join(dir, 'so.pdf'));
    expect(t).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(t).toContain('Đinh Thị Ngọc Ánh');
    expect(t).toContain('Phạm Đức Thịnh');
  });

  it.each([
    [['form', '09', '--sample', '--out', 'x.pdf'], /form kind must be one of/],
    [['form', '01', '--out', 'x.pdf'], /exactly one of --dossier/],
    [['form', '01', '--sample', '--dossier', fixture, '--out', 'x.pdf'], /exactly one of --dossier/],
    [['form', '01', '--sample'], /missing required option --out/],
    [['form', '01', '--dossier', 'missing.json', '--out', 'x.pdf'], /cannot read --dossier/],
    [['form', '01', '--sample', '--out', 'x.pdf', '--colour'], /Unknown option/],
    [['form', '01', '--sample', '--out', join(dir, 'no', 'such', 'dir', 'x.pdf')], /cannot write --out/],
  ])('refuses %j with exit code 2 and a one-line reason', async (argv, reason) => {
    const c = io();
    expect(await cliRun(argv, c)).toBe(2);
    expect(c.stderr.join('\n')).toMatch(reason);
    expect(c.stderr.join('\n').trim().split('\n')).toHaveLength(1);
  });

  it('refuses a file that is not a dossier export, naming the bad field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ dossier: {}, events: [{ id: 'e', dossierId: 'd', seq: 1, type: 'received', at: 'hôm qua' }] }));
    const c = io();
    expect(await cliRun(['form', '01', '--dossier', bad, '--out', 'x.pdf'], c)).toBe(2);
    expect(c.stderr.join('')).toMatch(/validation-failed: .*events\.0\.at/);
    writeFileSync(bad, '{ not json');
    const d = io();
    expect(await cliRun(['form', '01', '--dossier', bad, '--out', 'x.pdf'], d)).toBe(2);
    expect(d.stderr.join('')).toMatch(/is not JSON/);
    const e = io();
    expect(await cliRun(['form', '01', '--dossier', join(dir, 'list.json'), '--out', 'x.pdf'], e)).toBe(2);
    expect(e.stderr.join('')).toMatch(/only for the tracking book/);
  });

  it('works as a real process: npx motcua form 01 --sample', () => {
    const out = join(dir, 'mau01.pdf');
    const ok = spawnSync(process.execPath, [bin, 'form', '01', '--sample', '--out', out], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text(out)).toContain('Liên 2: Giao khách hàng');
    const bad = spawnSync(process.execPath, [bin, 'form', 'control', '--out', out], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/exactly one of --dossier/);
  });
});
