import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cp1258Decode, cp1258Encode, cp1258Has } from './cp1258.js';

const letters = Array.from('aăâbcdđeêghiklmnoôơpqrstuưvxy');
const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const vowels = Array.from('aăâeêioôơuưy');
const allToned = vowels.flatMap((v) => tones.flatMap((t) => [(v + t).normalize('NFC'), (v.toUpperCase() + t).normalize('NFC')]));

describe('cp1258', () => {
  it('writes toned letters as base byte + combining tone byte', () => {
    expect([...cp1258Encode('ế')]).toEqual([0xea, 0xec]);
    expect([...cp1258Encode('Ủ')]).toEqual([0x55, 0xd2]);
    expect([...cp1258Encode('ữ')]).toEqual([0xfd, 0xde]);
    expect([...cp1258Encode('ệ')]).toEqual([0xea, 0xf2]);
    expect([...cp1258Encode('Đ')]).toEqual([0xd0]);
    expect([...cp1258Encode('á')]).toEqual([0x61, 0xec]);
    expect([...cp1258Encode('Ơ')]).toEqual([0xd5]);
  });

  it('round-trips every Vietnamese letter in both cases', () => {
    expect(allToned).toHaveLength(144);
    for (const ch of [...allToned, 'đ', 'Đ']) {
      expect(cp1258Has(ch)).toBe(true);
      expect(cp1258Decode(cp1258Encode(ch))).toBe(ch);
    }
  });

  it('round-trips arbitrary Vietnamese text (property)', () => {
    const word = fc.array(fc.constantFrom(...letters, ...allToned, ' ', ',', '.', '0', '9'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(word, (text) => cp1258Decode(cp1258Encode(text)) === text.normalize('NFC')));
  });

  it('accepts decomposed input and never emits "?" for Vietnamese', () => {
    const nfd = 'Nguyễn Thị Ánh Tuyết, Hòa An, Đắk Lắk'.normalize('NFD');
    const bytes = cp1258Encode(nfd);
    expect(bytes.includes(0x3f)).toBe(false);
    expect(cp1258Decode(bytes)).toBe(nfd.normalize('NFC'));
  });

  it('writes "?" for characters the code page cannot carry', () => {
    expect(cp1258Decode(cp1258Encode('a中b'))).toBe('a?b');
    expect(cp1258Has('中')).toBe(false);
  });
});
