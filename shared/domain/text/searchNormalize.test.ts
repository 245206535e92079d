import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchMatches, searchNormalize } from './searchNormalize.js';

describe('searchNormalize', () => {
  it('removes Vietnamese diacritics, maps đ to d and lower-cases', () => {
    expect(searchNormalize('  Nguyễn   Văn ĐỨC ')).toBe('nguyen van duc');
    expect(searchNormalize('Trần Thị Hồng Nhung')).toBe('tran thi hong nhung');
    expect(searchNormalize('Phường Hạc Thành, tỉnh Thanh Hóa')).toBe('phuong hac thanh, tinh thanh hoa');
    // Precomposed (NFC) and decomposed (NFD) input give the same key.
    expect(searchNormalize('Ệ'.normalize('NFD'))).toBe(searchNormalize('Ệ'));
  });

  it('matches word by word', () => {
    expect(searchMatches('Nguyễn Văn Đức', 'duc nguyen')).toBe(true);
    expect(searchMatches('Nguyễn Văn Đức', 'dung')).toBe(false);
  });

  it('is idempotent and yields only ASCII for Vietnamese letters (property)', () => {
    const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ ';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters, ...letters.toUpperCase())).map((a) => a.join('')), (s) => {
        const n = searchNormalize(s);
        expect(searchNormalize(n)).toBe(n);
        expect(/^[a-z ]*$/.test(n)).toBe(true);
      }),
    );
  });
});
