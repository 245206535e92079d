import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { builtInCalendar } from '../calendar/builtIn.js';
import { calendarYearSummary } from '../calendar/workingCalendar.js';
import { agencyCurrent, agencySubtree, type AgencyPack } from './agencyPack.js';
import { calendarFromPack, type CalendarPack } from './calendarPack.js';
import { feeCompute, procedureFind, type CataloguePack } from './cataloguePack.js';
import { rulePackInForce } from './common.js';
import { generatedRulePacks } from './generated.js';
import { procedureCheck } from './procedureCheck.js';
import { rulePackParse } from './rulePackParse.js';
import { dayFromIso } from '../time/vnTime.js';

import agencies from '../../../resources/rulepacks/agencies.sample.json' with { type: 'json' };
import calendar from '../../../resources/rulepacks/calendar-2024-2031.json' with { type: 'json' };
import catalogue from '../../../resources/rulepacks/catalogue.sample.json' with { type: 'json' };
import statusMapping from '../../../resources/rulepacks/status-mapping.json' with { type: 'json' };

// The committed packs, imported as data (shared/ tests may not use node:fs).
const files: Record<string, unknown> = {
  'agencies.sample.json': agencies,
  'calendar-2024-2031.json': calendar,
  'catalogue.sample.json': catalogue,
  'status-mapping.json': statusMapping,
};
const load = (name: string): unknown => files[name];

describe('rule packs', () => {
  it('every committed pack passes its zod schema', () => {
    for (const f of Object.keys(files)) expect(() => rulePackParse(load(f)), f).not.toThrow();
  });

  it('the committed generated packs equal the generator output (run build/rulepacksGenerate.ts)', () => {
    for (const [name, pack] of Object.entries(generatedRulePacks())) expect(load(name)).toEqual(JSON.parse(JSON.stringify(pack)));
  });

  it('the calendar pack gives the same days as the built-in calendar', () => {
    const cal = calendarFromPack(rulePackParse(load('calendar-2024-2031.json')) as CalendarPack);
    for (let y = 2024; y <= 2031; y++) expect(calendarYearSummary(cal, y)).toEqual(calendarYearSummary(builtInCalendar(), y));
  });

  it('the sample catalogue has ≥ 30 commune procedures, the §4.4 national codes and fee rules', () => {
    const cat = rulePackParse(load('catalogue.sample.json')) as CataloguePack;
    expect(cat.sample).toBe(true);
    expect(cat.procedures.filter((p) => p.level === 'commune').length).toBeGreaterThanOrEqual(30);
    for (const code of ['2.000635', '2.000815', '2.000908', '1.001776']) expect(procedureFind(cat, code, '2026-03-02')?.nationalCode).toBe(code);
    const copy = procedureFind(cat, '2.000815', '2026-03-02');
    expect(copy).toMatchObject({ sameDay: true, cutoffTime: '15:00' });
    const fee = copy?.fees[0];
    if (!fee) throw new Error('fee missing');
    expect(feeCompute(fee, 1, 2)).toBe(4000);
    expect(feeCompute(fee, 2, 5)).toBe(2 * (2000 + 2000 + 1000 * 3));
    expect(feeCompute(fee, 1, 500)).toBe(200000);
  });

  it('maps pre-2025 agencies to their successors and walks a supervisor scope', () => {
    const pack = rulePackParse(load('agencies.sample.json')) as AgencyPack;
    expect(agencyCurrent(pack, '000.17.22.H56', '2024-05-01')?.name).toMatch(/Điện Biên/);
    expect(agencyCurrent(pack, '000.17.22.H56', '2025-08-01')?.name).toBe('UBND phường Hạc Thành');
    const scope = agencySubtree(pack, '000.01.40.H56', '2026-01-01').map((a) => a.code);
    expect(scope).toEqual(['000.01.40.H56', '001.01.40.H56']);
    expect(agencySubtree(pack, '000.00.00.H56', '2026-01-01').some((a) => a.level === 'district')).toBe(false);
  });

  it('refuses a broken pack with readable paths', () => {
    const bad = { kind: 'catalogue', version: 'x', validFrom: '2025-02-30', procedures: [{ localCode: 'A' }] };
    expect(() => rulePackParse(bad)).toThrow(AppError);
    expect(() => rulePackParse(bad)).toThrow(/validFrom/);
    expect(() => rulePackParse({ kind: 'nope' })).toThrow(/kind/);
  });

  it('picks the pack in force on a date', () => {
    const packs = [
      { version: 'a', validFrom: '2024-01-01', validTo: '2025-07-01' },
      { version: 'b', validFrom: '2025-07-01', validTo: null },
    ];
    expect(rulePackInForce(packs, '2025-06-30')?.version).toBe('a');
    expect(rulePackInForce(packs, '2025-07-01')?.version).toBe('b');
    expect(rulePackInForce(packs, '2023-01-01')).toBeUndefined();
  });

  it('blocks an unknown procedure code unless a supervisor overrides', () => {
    const cat = rulePackParse(load('catalogue.sample.json')) as CataloguePack;
    expect(procedureCheck('2.000815', cat, '2026-03-02')).toMatchObject({ ok: true, overridden: false });
    const r = procedureCheck('9.999999', cat, '2026-03-02');
    expect(r).toMatchObject({ ok: false, code: 'procedure-unknown' });
    expect(procedureCheck('9.999999', cat, '2026-03-02', { userId: 'c', role: 'clerk', reason: 'x' }).ok).toBe(false);
    expect(procedureCheck('9.999999', cat, '2026-03-02', { userId: 's', role: 'supervisor', reason: 'Thủ tục mới công bố' })).toMatchObject({ ok: true, overridden: true });
    // Not yet in force before the catalogue's validFrom.
    expect(procedureCheck('2.000815', cat, '2025-06-30').ok).toBe(false);
  });
});

describe('procedure due dates from the catalogue', () => {
  it('times a same-day procedure with its cut-off and a stepped one with per-step dates', async () => {
    const { procedureDueCompute } = await import('../deadline/procedureDue.js');
    const cat = rulePackParse(load('catalogue.sample.json')) as CataloguePack;
    const cal = builtInCalendar();
    const copy = procedureFind(cat, '2.000815', '2026-03-02');
    const allowance = procedureFind(cat, '1.001776', '2026-03-02');
    if (!copy || !allowance) throw new Error('sample catalogue incomplete');
    const at = Date.parse('2026-03-02T08:01:00Z'); // 15:01 in Vietnam, after the 15:00 cut-off
    expect(procedureDueCompute(copy, at, cal)).toMatchObject({ dueAt: '2026-03-03T17:30:00+07:00', calendarVersion: cal.version });
    const due = procedureDueCompute(allowance, at, cal);
    expect(due.dueAt).toBe('2026-03-16T15:01:00+07:00');
    expect(due.steps.at(-1)?.dueAt).toBe(due.dueAt);
  });
});

describe('sample catalogue consistency', () => {
  it('step plans add up to the procedure time limit', () => {
    const cat = rulePackParse(load('catalogue.sample.json')) as CataloguePack;
    for (const p of cat.procedures) {
      if (p.steps.length === 0) continue;
      expect(p.steps.every((s) => s.duration.unit === p.duration.unit), p.localCode).toBe(true);
      expect(p.steps.reduce((n, s) => n + s.duration.value, 0), p.localCode).toBe(p.duration.value);
    }
  });
});

describe('supervisor calendar overrides', () => {
  it('each edit is a new version, and the override changes due dates', async () => {
    const { calendarOverrideSet, calendarOverrideRemove } = await import('./calendarEdit.js');
    const pack = rulePackParse(load('calendar-2024-2031.json')) as CalendarPack;
    const storm = calendarOverrideSet(pack, { date: '2027-09-10', working: false, reason: 'Nghỉ do bão số 5' }, '2027-09-09');
    expect(storm.version).toBe(`${pack.version}+ov.1`);
    expect(calendarFromPack(storm).isWorkingDay(dayFromIso('2027-09-10'))).toBe(false);
    expect(calendarFromPack(pack).isWorkingDay(dayFromIso('2027-09-10'))).toBe(true);
    const back = calendarOverrideRemove(storm, '2027-09-10', '2027-09-11');
    expect(back.version).toBe(`${pack.version}+ov.2`);
    expect(calendarFromPack(back).isWorkingDay(dayFromIso('2027-09-10'))).toBe(true);
    expect(() => calendarOverrideSet(pack, { date: '2027-02-30', working: true, reason: 'x' }, 'now')).toThrow(AppError);
    expect(() => rulePackParse(storm)).not.toThrow();
  });
});

describe('procedure gate before save/push', () => {
  it('lets a dossier through only with a known code or a recorded override', async () => {
    const { dossierProcedureGate } = await import('./procedureCheck.js');
    const cat = rulePackParse(load('catalogue.sample.json')) as CataloguePack;
    const d = { procedureCode: '9.999999', procedureOverridden: false, receivedAt: '2026-03-02T09:00:00+07:00' };
    expect(dossierProcedureGate(d, cat)).toMatchObject({ ok: false, code: 'procedure-unknown' });
    expect(dossierProcedureGate({ ...d, procedureOverridden: true }, cat)).toMatchObject({ ok: true, overridden: true });
    expect(dossierProcedureGate({ ...d, procedureCode: 'HT-01' }, cat)).toMatchObject({ ok: true, overridden: false });
  });
});
