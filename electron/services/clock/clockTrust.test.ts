import { describe, expect, it } from 'vitest';
import { isoInstantParse } from '../../../shared/domain/time/vnTime.js';
import { clockProblems } from './clockTrust.js';

const now = isoInstantParse('2026-11-30T09:00:00+07:00');
const base = { pcNowMs: now, serverOffsetMs: null, lastIssuedMs: now - 3_600_000, validFrom: '2025-07-01', validTo: '2031-12-31', boundMs: 5 * 60_000 };

describe('clock trust', () => {
  it('accepts a clock within the bound, or with no server contact yet', () => {
    expect(clockProblems(base)).toEqual([]);
    expect(clockProblems({ ...base, serverOffsetMs: 4 * 60_000 })).toEqual([]);
  });

  it('names each way a counter PC clock goes wrong', () => {
    expect(clockProblems({ ...base, serverOffsetMs: 3 * 3_600_000 }).map((p) => p.code)).toEqual(['offset-too-large']);
    expect(clockProblems({ ...base, serverOffsetMs: 3 * 3_600_000 })[0]?.message).toContain('chậm 3 giờ');
    // A dead CMOS battery: the PC thinks it is 2019.
    const cmos = clockProblems({ ...base, pcNowMs: isoInstantParse('2019-01-01T08:00:00+07:00') });
    expect(cmos.map((p) => p.code)).toEqual(['ran-backwards', 'outside-rule-packs']);
    expect(clockProblems({ ...base, lastIssuedMs: now + 2 * 3_600_000 }).map((p) => p.code)).toEqual(['ran-backwards']);
  });
});
