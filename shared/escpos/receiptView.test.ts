import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { receiptLayout, textWrap } from './receiptLayout.js';
import { receiptMoneyFormat, receiptTimeFormat, receiptViewFromExport } from './receiptView.js';
import { statusBytesFor, statusErrorCode, statusParse } from './status.js';

const exportJson = {
  dossier: {
    code: '000.00.12.H29-261130-0007',
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    applicant: { fullName: 'Lê Văn Ánh', idNumber: '001234567890' },
    receivedAt: '2026-11-30T08:05:00+07:00',
    dueAt: 1764921600000,
    components: [{ name: 'Tờ khai' }, { name: 'Giấy chứng sinh' }],
    fees: [{ name: 'Lệ phí', amount: '8.000' }, { label: 'Phí sao y', value: 2000 }],
    agencyCode: '000.00.12.H29',
    resultDelivery: { mode: 'postal', address: 'Thôn 1', consent: true },
    futureField: { anything: true },
  },
  events: [{ type: 'received' }],
};

describe('receiptViewFromExport', () => {
  it('maps a lenient export (nested applicant, epoch due date, string money, postal delivery)', () => {
    const v = receiptViewFromExport(exportJson, { unitName: 'Trung tâm PVHCC xã Hòa An' });
    expect(v).toMatchObject({
      unitName: 'Trung tâm PVHCC xã Hòa An',
      applicantName: 'Lê Văn Ánh',
      receivedAt: '2026-11-30T01:05:00.000Z',
      componentCount: 2,
      fees: [{ label: 'Lệ phí', amount: 8000 }, { label: 'Phí sao y', amount: 2000 }],
      delivery: 'postal',
      postalConsent: true,
      postalAddress: 'Thôn 1',
    });
  });

  it('reads the delivery choice from a channel code or a word, defaulting to the counter', () => {
    const withDelivery = (d: unknown) => receiptViewFromExport({ dossier: { ...exportJson.dossier, resultDelivery: d } });
    expect(withDelivery('3').delivery).toBe('postal');
    expect(withDelivery('counter-13').delivery).toBe('counter');
    expect(withDelivery({ mode: 'bưu chính', consent: false })).toMatchObject({ delivery: 'postal', postalConsent: false });
    expect(withDelivery(undefined).delivery).toBe('counter');
  });

  it('rejects an export without a dossier code with validation-failed and the field', () => {
    const bad = { dossier: { ...exportJson.dossier, code: '' } };
    expect(() => receiptViewFromExport(bad)).toThrow(AppError);
    try {
      receiptViewFromExport(bad);
    } catch (e) {
      expect((e as AppError).code).toBe('validation-failed');
      expect((e as AppError).details).toEqual({ field: 'dossier.code' });
    }
    expect(() => receiptViewFromExport({ dossier: { ...exportJson.dossier, receivedAt: 'hôm qua' } })).toThrow(/receivedAt/);
  });

  it('formats times in Vietnam time and money with dots', () => {
    expect(receiptTimeFormat('2026-12-31T17:30:00Z')).toBe('00 giờ 30 phút, ngày 01/01/2027');
    expect(receiptMoneyFormat(1234567)).toBe('1.234.567 đồng');
  });
});

describe('receiptLayout', () => {
  it('wraps by characters (not UTF-16 units) with a hanging indent', () => {
    expect(textWrap('Địa chỉ nhận: Thôn Phú Mỹ, xã Hòa An', 17, '  ')).toEqual(['Địa chỉ nhận:', '  Thôn Phú Mỹ, xã', '  Hòa An']);
    const lines = receiptLayout(receiptViewFromExport(exportJson), 384).blocks.flatMap((b) => (b.kind === 'text' ? [b] : []));
    for (const l of lines) expect(Array.from(l.text).length * l.width).toBeLessThanOrEqual(32);
    expect(lines.map((l) => l.text)).toContain('Tổng cộng: 10.000 đồng');
  });
});

describe('printer status', () => {
  it('classifies DLE EOT answers', () => {
    const ready = statusBytesFor({});
    expect(statusErrorCode(statusParse(ready[1], ready[2], ready[4]))).toBeUndefined();
    const paper = statusBytesFor({ paperOut: true });
    expect(statusErrorCode(statusParse(paper[1], paper[2], paper[4]))).toBe('printer-paper-out');
    const cover = statusBytesFor({ coverOpen: true });
    expect(statusErrorCode(statusParse(cover[1], cover[2], cover[4]))).toBe('printer-cover-open');
    const off = statusBytesFor({ online: false });
    expect(statusErrorCode(statusParse(off[1], off[2], off[4]))).toBe('printer-offline');
  });
});
