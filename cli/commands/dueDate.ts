import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { builtInCalendar } from '../../shared/domain/calendar/builtIn.js';
import type { WorkingCalendar } from '../../shared/domain/calendar/workingCalendar.js';
import { dueDateCompute, durationUnits, type DurationUnit } from '../../shared/domain/deadline/dueDate.js';
import { calendarFromListsFile, calendarListsSchema } from '../../shared/domain/rulepacks/calendarPack.js';
import { schemaParse } from '../../shared/domain/rulepacks/common.js';
import { hhmmParse, isoInstantParse, vnIsoFormat } from '../../shared/domain/time/vnTime.js';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

function calendarLoad(path: string | undefined, cwd: string): WorkingCalendar {
  if (path === undefined) return builtInCalendar();
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new CliError(`cannot read calendar file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`calendar file ${path} is not valid JSON`);
  }
  return calendarFromListsFile(schemaParse(calendarListsSchema, json, 'Tệp lịch'));
}

export const command: CliCommand = {
  name: 'due-date',
  summary: 'Compute the appointment date (ngày hẹn trả) on the working-day calendar',
  usage:
    'motcua due-date --received <ISO-8601 with offset> --duration <n> --unit hours|days|working-days|months [--same-day] [--cutoff HH:MM] [--calendar <file>] [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, {
      received: { type: 'string' },
      duration: { type: 'string' },
      unit: { type: 'string' },
      'same-day': { type: 'boolean' },
      cutoff: { type: 'string' },
      calendar: { type: 'string' },
      json: { type: 'boolean' },
    });
    const unit = values['same-day'] && values.unit === undefined ? 'working-days' : requireOption(values.unit, 'unit');
    if (!(durationUnits as readonly string[]).includes(unit)) {
      throw new CliError(`--unit must be one of ${durationUnits.join('|')}, got "${unit}"`);
    }
    const durationText = values['same-day'] && values.duration === undefined ? '0' : requireOption(values.duration, 'duration');
    if (!/^\d+(\.\d+)?$/.test(durationText) || (unit !== 'hours' && !/^\d+$/.test(durationText))) {
      throw new CliError(`--duration must be a non-negative ${unit === 'hours' ? 'number' : 'integer'}, got "${durationText}"`);
    }
    try {
      const receivedAt = isoInstantParse(requireOption(values.received, 'received'));
      if (values.cutoff !== undefined) hhmmParse(values.cutoff);
      const cal = calendarLoad(values.calendar, io.cwd);
      const dueAt = vnIsoFormat(
        dueDateCompute(
          {
            receivedAt,
            duration: { value: Number(durationText), unit: unit as DurationUnit },
            sameDay: values['same-day'] ?? false,
            cutoff: values.cutoff ?? null,
          },
          cal,
        ),
      );
      io.out(values.json ? JSON.stringify({ dueAt }) : `Hẹn trả kết quả: ${dueAt} (lịch ${cal.version})`);
      return 0;
    } catch (err) {
      if (err instanceof AppError) throw new CliError(err.message);
      throw err;
    }
  },
};
