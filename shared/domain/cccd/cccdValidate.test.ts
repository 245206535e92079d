import { describe, expect, it } from 'vitest';
import { cccdProvinces } from './provinceCodes.js';
import { cccdValidate } from './cccdValidate.js';

describe('CCCD validation (§9)', () => {
  it('reads the examples of the brief', () => {
    expect(cccdValidate('079215000001')).toMatchObject({ valid: true, province: 'Hồ Chí Minh', gender: 'male', century: 20, birthYear: 2015 });
    expect(cccdValidate('058186000028')).toMatchObject({ valid: true, province: 'Ninh Thuận', gender: 'female', century: 19, birthYear: 1986 });
    expect(cccdValidate('087084000999')).toMatchObject({ valid: true, province: 'Đồng Tháp', provinceCode: '087' });
  });

  it('has the 63 pre-2025 provinces', () => {
    expect(Object.keys(cccdProvinces)).toHaveLength(63);
  });

  it('checks birth year and gender against digits 4–6', () => {
    expect(cccdValidate('058186000028', { birthYear: 1986, gender: 'female' }).valid).toBe(true);
    expect(cccdValidate('058186000028', { birthYear: 2086 })).toMatchObject({ valid: false, reasonCode: 'birth-year-mismatch' });
    expect(cccdValidate('058186000028', { gender: 'male' })).toMatchObject({ valid: false, reasonCode: 'gender-mismatch' });
    expect(cccdValidate('001300000001', { birthYear: 2000, gender: 'female' }).valid).toBe(true);
  });

  it('refuses bad formats and unknown province codes with a Vietnamese reason', () => {
    expect(cccdValidate('07921500000')).toMatchObject({ valid: false, reasonCode: 'format' });
    expect(cccdValidate('07921500000a')).toMatchObject({ valid: false, reasonCode: 'format' });
    const r = cccdValidate('003215000001');
    expect(r).toMatchObject({ valid: false, reasonCode: 'province-unknown' });
    expect(r.reason).toMatch(/Mã tỉnh/);
  });

  it('accepts a 9-digit CMND only for legacy records', () => {
    expect(cccdValidate('123456789')).toMatchObject({ valid: false, reasonCode: 'legacy-cmnd-not-allowed' });
    expect(cccdValidate('123456789', { legacy: true })).toMatchObject({ valid: true, kind: 'cmnd' });
  });
});
