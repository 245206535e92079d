import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uploadsMerge, type UploadReport } from './uploads.js';

const own = { workstationId: 'PC-S', workstationName: 'Máy lãnh đạo', clock: null };
const report = (id: string, name: string, pending: number, reportedAt = '2026-11-30T16:00:00+07:00'): UploadReport => ({ workstationId: id, workstationName: name, pending, userName: 'Lan', reportedAt, clock: { trusted: true, offsetMs: 1200, measuredAt: reportedAt, override: null } });
const now = Date.parse('2026-11-30T16:10:00+07:00');

describe('uploads on the end of day', () => {
  it('is not everyone while any counter reported something left to upload', () => {
    const r = uploadsMerge(own, {}, [report('PC-1', 'Quầy 1', 0), report('PC-2', 'Quầy 2', 4)], now);
    expect(r.everyoneUploaded).toBe(false);
    expect(r.rows.map((x) => [x.workstationName, x.pending])).toEqual([['Máy lãnh đạo', 0], ['Quầy 1', 0], ['Quầy 2', 4]]);
    expect(r.rows[1]?.clock?.offsetMs).toBe(1200);
    expect(uploadsMerge(own, {}, [report('PC-1', 'Quầy 1', 0), report('PC-2', 'Quầy 2', 0)], now).everyoneUploaded).toBe(true);
  });

  it('takes this PC’s live count over its own stale report, and counts carried-in events of others', () => {
    const r = uploadsMerge(own, { 'PC-S': 2, 'PC-9': 1 }, [report('PC-S', 'Máy lãnh đạo', 0)], now);
    expect(r.rows.map((x) => [x.workstationId, x.pending])).toEqual([['PC-S', 2], ['PC-9', 1]]);
    expect(r.everyoneUploaded).toBe(false);
  });

  it('does not vouch for a counter out of touch for more than half an hour, or when the server is away', () => {
    const quiet = uploadsMerge(own, {}, [report('PC-1', 'Quầy 1', 0, '2026-11-30T15:30:00+07:00')], now);
    expect(quiet.rows[1]).toMatchObject({ workstationName: 'Quầy 1', pending: 0, silent: true });
    expect(quiet.everyoneUploaded).toBe(false);
    expect(uploadsMerge(own, {}, [report('PC-1', 'Quầy 1', 0)], null).everyoneUploaded).toBe(false);
    expect(uploadsMerge(own, {}, [], null).everyoneUploaded).toBe(true);
  });

  it('says everyone exactly when every listed count is zero', () => {
    const counts = fc.array(fc.nat(5), { maxLength: 6 });
    fc.assert(
      fc.property(counts, fc.nat(3), (pendings, mine) => {
        const r = uploadsMerge(own, { 'PC-S': mine }, pendings.map((n, i) => report(`PC-${i}`, `Quầy ${i}`, n)), now);
        expect(r.rows).toHaveLength(pendings.length + 1);
        expect(r.everyoneUploaded).toBe(mine === 0 && pendings.every((n) => n === 0));
      }),
    );
  });
});
