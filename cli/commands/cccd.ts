import { cccdValidate, type Gender } from '../../shared/domain/cccd/cccdValidate.js';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

export const command: CliCommand = {
  name: 'cccd',
  summary: 'Check a personal identification number (CCCD); exit 1 when it is invalid',
  usage: 'motcua cccd <number> [--birth-year <yyyy>] [--gender male|female] [--legacy] [--json]',
  async run(argv, io) {
    const { values, positionals } = cliArgs(
      argv,
      { 'birth-year': { type: 'string' }, gender: { type: 'string' }, legacy: { type: 'boolean' }, json: { type: 'boolean' } },
      true,
    );
    if (positionals.length !== 1) throw new CliError('expected exactly one number, e.g. motcua cccd 079215000001');
    const birthYearText = values['birth-year'];
    if (birthYearText !== undefined && !/^\d{4}$/.test(birthYearText)) throw new CliError(`--birth-year must be a 4-digit year, got "${birthYearText}"`);
    const gender = values.gender;
    if (gender !== undefined && gender !== 'male' && gender !== 'female') throw new CliError(`--gender must be male or female, got "${gender}"`);
    const r = cccdValidate(positionals[0] as string, {
      ...(birthYearText !== undefined ? { birthYear: Number(birthYearText) } : {}),
      ...(gender !== undefined ? { gender: gender as Gender } : {}),
      legacy: values.legacy ?? false,
    });
    const out = {
      valid: r.valid,
      ...(r.reason !== undefined ? { reason: r.reason, reasonCode: r.reasonCode } : {}),
      provinceCode: r.provinceCode,
      province: r.province,
      gender: r.gender,
      century: r.century,
      birthYear: r.birthYear,
    };
    if (values.json) io.out(JSON.stringify(out));
    else if (r.valid) io.out(`Hợp lệ: ${r.province ?? 'CMND cũ'}${r.gender ? `, ${r.gender === 'male' ? 'nam' : 'nữ'}, sinh năm ${r.birthYear}` : ''}`);
    else io.out(`Không hợp lệ: ${r.reason}`);
    return r.valid ? 0 : 1;
  },
};
