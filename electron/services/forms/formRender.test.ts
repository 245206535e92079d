import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formRender, type RenderedForm } from './formRender.js';
import { formDossierViewSchema, formKinds, formTitles, type FormKind } from './model.js';
import { formSampleView } from './sample.js';

// Every form is rendered from the built-in sample and read back with poppler's pdftotext (the
// text layer a clerk's search or a digitisation check would see), pdffonts and zbarimg.

const dir = mkdtempSync(join(tmpdir(), 'motcua-forms-'));
const rendered = new Map<FormKind, { form: RenderedForm; path: string }>();

/** Text of the PDF (or of one page), NFC, whitespace collapsed so wrapped lines compare simply. */
function pdfText(path: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, path, '-'], { encoding: 'utf8' });
  return raw.normalize('NFC').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  const view = formSampleView();
  for (const kind of formKinds) {
    const form = await formRender(kind, view);
    const path = join(dir, form.fileName);
    writeFileSync(path, form.bytes);
    rendered.set(kind, { form, path });
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(kind: FormKind): { form: RenderedForm; path: string } {
  const r = rendered.get(kind);
  if (!r) throw new Error(`not rendered: ${kind}`);
  return r;
}

const header = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN XÃ TÂN HÒA'];

const expected: Record<FormKind, string[]> = {
  '01': [
    'Mã hồ sơ: 000.12.31.H29-261130-0007',
    'Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung',
    'Số CCCD/Mã số thuế: 075186001234',
    'Địa chỉ: Tổ 5, ấp Bình Lục, xã Tân Hòa, tỉnh Đồng Nai',
    'Nội dung yêu cầu giải quyết: Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội',
    'Giấy xác nhận khuyết tật Bản sao chứng thực 01',
    '2. Số lượng hồ sơ: 01 (bộ)',
    '3. Thời gian giải quyết hồ sơ theo quy định là: 15 ngày làm việc',
    '4. Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 30/11/2026',
    '5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 15 phút, ngày 21/12/2026',
    'Phí sao y giấy tờ kèm theo: 6.000 đồng',
    'Quyển số: 01 Số thứ tự: 125',
    'NGƯỜI NỘP HỒ SƠ',
    'NGƯỜI TIẾP NHẬN HỒ SƠ',
    'Tân Hòa, ngày 30 tháng 11 năm 2026',
  ],
  '02': [
    'Số: 18/HDHS',
    'Tiếp nhận hồ sơ/yêu cầu của Ông/Bà: Nguyễn Thị Hồng Nhung',
    'Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:',
    'Sơ yếu lý lịch có xác nhận nơi cư trú',
    'Lý do: Giấy xác nhận khuyết tật đã nộp được cấp năm 2019',
    'để được hướng dẫn./.',
    'NGƯỜI HƯỚNG DẪN',
    'Tân Hòa, ngày 02 tháng 12 năm 2026',
  ],
  '03': [
    'Số: 04/TCHS',
    'thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:',
    'Quyết định số 215/QĐ-UBND',
    'Xin thông báo cho Ông/Bà được biết và thực hiện./.',
    'NGƯỜI TIẾP NHẬN HỒ SƠ',
  ],
  '04': [
    'Số: 05/PXL',
    'Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung',
    'Thời gian hẹn trả kết quả: 08 giờ 15 phút, ngày 21/12/2026',
    'hẹn trả kết quả vào 08 giờ 15 phút, ngày 28/12/2026',
    'KT. CHỦ TỊCH PHÓ CHỦ TỊCH',
    'Lê Văn Hải',
    'Nơi nhận:',
  ],
  control: [
    'Mã hồ sơ: 000.12.31.H29-261130-0007',
    'Kèm theo hồ sơ của: Nguyễn Thị Hồng Nhung',
    'Cơ quan (bộ phận) giải quyết hồ sơ: Phòng Văn hóa - Xã hội xã Tân Hòa',
    'Cơ quan phối hợp giải quyết hồ sơ: Công an xã Tân Hòa',
    'THỜI GIAN GIAO, NHẬN HỒ SƠ',
    '10 giờ 00 phút, ngày 30/11/2026',
    'Trước hạn',
    'Phạm Thu Hà',
  ],
  book: [
    'Ngày, tháng, năm',
    'Cơ quan chủ trì giải quyết',
    'Nguyễn Thị Hồng Nhung',
    'Lò Văn Páo',
    'Vũ Đức Thắng, Hà Thị Yến',
    'Quyển số: 01',
    'Trang 1/1',
  ],
};

describe('formRender (sample dossier, read back with pdftotext)', () => {
  it.each(formKinds)('form %s carries its Vietnamese title, header and fields', (kind) => {
    const text = pdfText(get(kind).path);
    expect(text).toContain(formTitles[kind]);
    for (const h of kind === 'book' ? header.slice(0, 2) : header) expect(text).toContain(h);
    for (const field of expected[kind]) expect(text).toContain(field);
  });

  it('Mẫu 01 prints two copies, "Liên 1: Lưu" then "Liên 2: Giao khách hàng"', () => {
    const { form, path } = get('01');
    expect(form.pages).toBe(2);
    const p1 = pdfText(path, 1);
    const p2 = pdfText(path, 2);
    expect(p1).toContain('(Liên 1: Lưu)');
    expect(p1).not.toContain('Liên 2');
    expect(p2).toContain('(Liên 2: Giao khách hàng)');
    for (const p of [p1, p2]) expect(p).toContain(formTitles['01']);
  });

  it('the QR symbol on each copy of Mẫu 01 decodes to the dossier code (zbarimg)', () => {
    const { path } = get('01');
    const prefix = join(dir, 'qr');
    execFileSync('pdftoppm', ['-png', '-r', '150', path, prefix]);
    const pngs = readdirSync(dir).filter((f) => f.startsWith('qr') && f.endsWith('.png'));
    expect(pngs).toHaveLength(2);
    for (const png of pngs) {
      const out = execFileSync('zbarimg', ['-q', '--raw', join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(out.trim()).toBe('000.12.31.H29-261130-0007');
    }
  });

  it('the other forms fit on one A4 page', () => {
    for (const kind of ['02', '03', '04', 'control', 'book'] as const) expect(get(kind).form.pages).toBe(1);
  });

  it('embeds subset Noto Serif with a ToUnicode map', () => {
    const out = execFileSync('pdffonts', [get('01').path], { encoding: 'utf8' });
    const rows = out.split('\n').filter((l) => l.includes('NotoSerif'));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+NotoSerif-\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it('pages are A4: portrait for the slips, landscape for the book', () => {
    const size = (kind: FormKind): string => /Page size:\s+([\d.]+ x [\d.]+)/.exec(execFileSync('pdfinfo', [get(kind).path], { encoding: 'utf8' }))?.[1] ?? '';
    expect(size('01')).toBe('595.28 x 841.89');
    expect(size('book')).toBe('841.89 x 595.28');
  });

  it('a reprint of the same view is byte-identical (so the blob store deduplicates it)', async () => {
    const again = await formRender('01', formSampleView());
    expect(Buffer.from(again.bytes).equals(Buffer.from(get('01').form.bytes))).toBe(true);
  });

  it('keeps wrapped long values whole and blank fields dotted', async () => {
    const view = formSampleView();
    view.applicant.email = '';
    view.procedure.name = 'Thủ tục rất dài '.repeat(20).trim();
    const form = await formRender('01', view);
    const path = join(dir, 'long.pdf');
    writeFileSync(path, form.bytes);
    const text = pdfText(path, 1);
    expect(text).toContain(`Nội dung yêu cầu giải quyết: ${view.procedure.name} (Mã TTHC: 1.001776)`);
    expect(text).toMatch(/Email: …+/);
  });

  it('a long tracking book runs onto more pages, repeating the column header and numbering pages', async () => {
    const view = formSampleView();
    const base = view.bookRows;
    view.bookRows = Array.from({ length: 30 }, (_, i) => ({ ...(base[i % base.length] as (typeof base)[number]), seq: 200 + i }));
    const form = await formRender('book', view);
    const path = join(dir, 'book30.pdf');
    writeFileSync(path, form.bytes);
    expect(form.pages).toBeGreaterThan(1);
    for (let p = 1; p <= form.pages; p += 1) {
      const text = pdfText(path, p);
      expect(text).toContain('Nhận hồ sơ');
      expect(text).toContain('Mã hồ sơ');
      expect(text).toContain(`Trang ${p}/${form.pages}`);
    }
    expect(pdfText(path)).toContain('229');
  });

  it('renders every form from a minimal view, leaving dotted blanks for what is unknown', async () => {
    const view = formDossierViewSchema.parse({
      agency: { unitName: 'Bộ phận tiếp nhận và trả kết quả' },
      dossierCode: '000.00.01.H56-261130-0001',
      procedure: { name: 'Chứng thực bản sao từ bản chính' },
      applicant: { name: 'Đặng Thùy Trâm' },
      receivedAt: '2026-11-30T02:00:00Z',
    });
    for (const kind of formKinds) {
      const form = await formRender(kind, view, { now: () => new Date('2026-11-30T03:00:00Z') });
      const path = join(dir, `min-${kind}.pdf`);
      writeFileSync(path, form.bytes);
      const text = pdfText(path);
      expect(text).toContain(formTitles[kind]);
      expect(text).toContain('Đặng Thùy Trâm');
      if (kind !== 'book') expect(text).toContain('ngày 30 tháng 11 năm 2026');
    }
    const receipt = pdfText(join(dir, 'min-01.pdf'), 1);
    expect(receipt).toContain('4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 30/11/2026');
    expect(receipt).toMatch(/5\. Thời gian trả kết quả giải quyết hồ sơ: …+/);
    expect(receipt).toContain('7. Phí, lệ phí (nếu có): Không');
  });

  it('prints the form number of the chosen template set in the top margin', async () => {
    expect(pdfText(get('01').path, 2)).toContain('Mẫu số 01 (Thông tư số 01/2018/TT-VPCP)');
    expect(pdfText(get('control').path)).toContain('Mẫu số 05 (Thông tư số 01/2018/TT-VPCP)');
    const form = await formRender('book', { ...formSampleView(), templateSet: '2025' });
    const path = join(dir, 'book-2025.pdf');
    writeFileSync(path, form.bytes);
    expect(pdfText(path)).toContain('Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)');
  });
});
