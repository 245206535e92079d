import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { isoInstantParse } from '../time/vnTime.js';
import {
  dossierCodeImport,
  dossierCodeNext,
  dossierCodeParse,
  dossierCodeStandardRe,
  sequenceBlocksCheck,
  type SequenceBlock,
  type SequenceState,
} from './dossierCode.js';

const agency = '000.17.22.H56';

describe('dossier codes (§4.2)', () => {
  it('formats AGENCY-YYMMDD-NNNN on the Vietnam date and restarts each day', () => {
    const block: SequenceBlock = { id: 'b1', agencyCode: agency, workstationId: 'pc1', from: 2000, to: 3999 };
    const a = dossierCodeNext(block, null, isoInstantParse('2026-03-02T23:30:00+07:00'));
    expect(a.code).toBe('000.17.22.H56-260302-2000');
    expect(dossierCodeStandardRe.test(a.code)).toBe(true);
    const b = dossierCodeNext(block, a.state, isoInstantParse('2026-03-02T16:40:00Z')); // 23:40 in Vietnam
    expect(b.code).toBe('000.17.22.H56-260302-2001');
    const c = dossierCodeNext(block, b.state, isoInstantParse('2026-03-02T17:00:00Z')); // 00:00 on 03/03
    expect(c.code).toBe('000.17.22.H56-260303-2000');
    expect(dossierCodeParse(c.code)).toEqual({ agencyCode: agency, date: '2026-03-03', seq: 2000 });
  });

  it('stops when a block is used up and refuses overlapping blocks', () => {
    const block: SequenceBlock = { id: 'b', agencyCode: agency, workstationId: 'pc', from: 1, to: 1 };
    const a = dossierCodeNext(block, null, isoInstantParse('2026-03-02T10:00:00+07:00'));
    expect(() => dossierCodeNext(block, a.state, isoInstantParse('2026-03-02T10:01:00+07:00'))).toThrow(AppError);
    expect(() =>
      sequenceBlocksCheck([
        { id: 'x', agencyCode: agency, workstationId: '1', from: 1, to: 100 },
        { id: 'y', agencyCode: agency, workstationId: '2', from: 100, to: 200 },
      ]),
    ).toThrow(/trùng/);
  });

  it('keeps imported codes as they are', () => {
    expect(dossierCodeImport('G22.99-250101-0001-DVC')).toEqual({ code: 'G22.99-250101-0001-DVC', standard: false });
    expect(dossierCodeImport('000.00.14.H56-200203-0118').standard).toBe(true);
    expect(() => dossierCodeImport('a b')).toThrow(AppError);
  });

  it('never issues the same code from two workstations of non-overlapping blocks (property)', () => {
    const start = isoInstantParse('2026-01-01T07:00:00+07:00');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 9998 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(20), fc.integer({ min: 0, max: 3 * 86_400_000 })), { minLength: 1, maxLength: 200 }),
        (cuts, issues) => {
          const bounds = [...cuts].sort((a, b) => a - b);
          const blocks: SequenceBlock[] = [];
          let from = 1;
          for (const [i, cut] of bounds.entries()) {
            blocks.push({ id: `b${i}`, agencyCode: agency, workstationId: `pc${i}`, from, to: cut });
            from = cut + 1;
          }
          blocks.push({ id: `b${bounds.length}`, agencyCode: agency, workstationId: `pc${bounds.length}`, from, to: 9999 });
          sequenceBlocksCheck(blocks);
          const states = new Map<string, SequenceState | null>();
          const lastAt = new Map<string, number>();
          const seen = new Set<string>();
          for (const [w, offset] of issues) {
            const block = blocks[w % blocks.length] as SequenceBlock;
            const at = Math.max(start + offset, lastAt.get(block.id) ?? 0); // a workstation's clock only moves forward
            lastAt.set(block.id, at);
            try {
              const r = dossierCodeNext(block, states.get(block.id) ?? null, at);
              states.set(block.id, r.state);
              expect(seen.has(r.code)).toBe(false);
              seen.add(r.code);
            } catch (err) {
              expect((err as AppError).code).toBe('conflict'); // block used up: refused, never reused
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
