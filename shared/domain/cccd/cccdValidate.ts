import { cccdProvinces } from './provinceCodes.js';

// Personal identification number (số định danh cá nhân) printed on the CCCD / căn cước card, §9:
// 12 digits = province code (3) + century/gender digit + birth year mod 100 (2) + 6 random digits.
// Digit 4: 1900s male 0 / female 1, 2000s 2/3, 2100s 4/5, 2200s 6/7, 2300s 8/9. No check digit.
// The 9-digit CMND is accepted only for legacy records.

export type CccdReasonCode =
  | 'format'
  | 'legacy-cmnd-not-allowed'
  | 'province-unknown'
  | 'birth-year-mismatch'
  | 'gender-mismatch';

export type Gender = 'male' | 'female';

export interface CccdResult {
  valid: boolean;
  reason?: string;
  reasonCode?: CccdReasonCode;
  /** 'cmnd' for an accepted legacy 9-digit number. */
  kind: 'cccd' | 'cmnd' | 'unknown';
  provinceCode: string | null;
  province: string | null;
  gender: Gender | null;
  /** First two digits of the birth year (19 for 1900–1999, 20 for 2000–2099, …). */
  century: number | null;
  birthYear: number | null;
}

export interface CccdOptions {
  birthYear?: number;
  gender?: Gender;
  /** Accept a 9-digit CMND (records made before the CCCD). */
  legacy?: boolean;
}

const empty = { provinceCode: null, province: null, gender: null, century: null, birthYear: null } as const;

export function cccdValidate(input: string, options: CccdOptions = {}): CccdResult {
  const number = input.trim();
  if (/^\d{9}$/.test(number)) {
    return options.legacy
      ? { valid: true, kind: 'cmnd', ...empty }
      : {
          valid: false,
          kind: 'cmnd',
          reasonCode: 'legacy-cmnd-not-allowed',
          reason: 'Số CMND 9 chữ số chỉ được chấp nhận cho hồ sơ cũ; hồ sơ mới cần số định danh cá nhân 12 chữ số',
          ...empty,
        };
  }
  if (!/^\d{12}$/.test(number)) {
    return { valid: false, kind: 'unknown', reasonCode: 'format', reason: 'Số định danh cá nhân phải gồm đúng 12 chữ số', ...empty };
  }
  const provinceCode = number.slice(0, 3);
  const d = Number(number[3]);
  const century = 19 + Math.floor(d / 2);
  const gender: Gender = d % 2 === 0 ? 'male' : 'female';
  const birthYear = century * 100 + Number(number.slice(4, 6));
  const province = cccdProvinces[provinceCode] ?? null;
  const base = { kind: 'cccd' as const, provinceCode, province, gender, century, birthYear };
  if (province === null) {
    return { valid: false, ...base, reasonCode: 'province-unknown', reason: `Mã tỉnh nơi đăng ký khai sinh "${provinceCode}" không có trong danh mục` };
  }
  if (options.birthYear !== undefined && options.birthYear !== birthYear) {
    return {
      valid: false,
      ...base,
      reasonCode: 'birth-year-mismatch',
      reason: `Chữ số thứ 4–6 cho năm sinh ${birthYear}, không khớp năm sinh đã khai ${options.birthYear}`,
    };
  }
  if (options.gender !== undefined && options.gender !== gender) {
    const vi = (g: Gender) => (g === 'male' ? 'nam' : 'nữ');
    return {
      valid: false,
      ...base,
      reasonCode: 'gender-mismatch',
      reason: `Chữ số thứ 4 cho giới tính ${vi(gender)}, không khớp giới tính đã khai (${vi(options.gender)})`,
    };
  }
  return { valid: true, ...base };
}
