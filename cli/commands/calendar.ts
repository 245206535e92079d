import { builtInCalendar } from '../../shared/domain/calendar/builtIn.js';
import { calendarYearSummary } from '../../shared/domain/calendar/workingCalendar.js';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

export const command: CliCommand = {
  name: 'calendar',
  summary: 'List the weekdays off and the working weekend days of a year (built-in calendar)',
  usage: 'motcua calendar --year <yyyy> [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, { year: { type: 'string' }, json: { type: 'boolean' } });
    const yearText = requireOption(values.year, 'year');
    if (!/^\d{4}$/.test(yearText) || Number(yearText) < 1901 || Number(yearText) > 2199) {
      throw new CliError(`--year must be a year between 1901 and 2199, got "${yearText}"`);
    }
    const summary = calendarYearSummary(builtInCalendar(), Number(yearText));
    if (values.json) {
      io.out(JSON.stringify(summary));
    } else {
      io.out(
        [
          `Năm ${summary.year}: ${summary.nonWorkingWeekdays.length} ngày nghỉ trong tuần, ${summary.workingWeekendDays.length} ngày làm bù cuối tuần`,
          `Nghỉ: ${summary.nonWorkingWeekdays.join(', ')}`,
          `Làm bù: ${summary.workingWeekendDays.join(', ') || '(không có)'}`,
        ].join('\n'),
      );
    }
    return 0;
  },
};
