import { describe, expect, it } from 'vitest';
import { dongBoHoSoMcBuild, dvcqgItemFromProjection, dvcqgProcedureResolve, vnDateOf } from './dvcqg.js';
import { projectionMake, testCatalogue } from '../../tests/export/testRows.js';

// The catalogue in force on the receipt date decides: validFrom ≤ date < validTo (Vietnamese day).

const at = (code: string, receivedAt: string) => dvcqgProcedureResolve({ id: 'x', code: 'X', procedureCode: code, receivedAt }, [testCatalogue]);

describe('DongBoHoSoMC mapping', () => {
  it('takes the receipt date in Vietnam time, not UTC', () => {
    expect(vnDateOf('2025-12-31T17:30:00Z')).toBe('2026-01-01');
  });

  it('holds a code back from its validTo day on, and accepts its successor from the same day', () => {
    expect(at('1.001776', '2025-12-31T23:59:00+07:00').ok).toBe(true);
    expect(at('1.001776', '2026-01-01T00:00:00+07:00')).toMatchObject({ ok: false, held: { reason: 'procedure-retired' } });
    expect(at('1.001776', '2025-12-31T17:30:00Z')).toMatchObject({ ok: false, held: { reason: 'procedure-retired' } });
    expect(at('1.014137', '2025-12-31T23:59:00+07:00')).toMatchObject({ ok: false, held: { reason: 'procedure-unknown' } });
    expect(at('1.014137', '2026-01-01T00:00:00+07:00').ok).toBe(true);
    expect(at('2.000815', '2025-06-30T10:00:00+07:00')).toMatchObject({ ok: false, held: { reason: 'procedure-unknown' } });
  });

  it('never sends a local code as MaTTHC', () => {
    const cat = { ...testCatalogue, procedures: [{ ...testCatalogue.procedures[0]!, nationalCode: null }] };
    const r = dvcqgProcedureResolve({ id: 'x', code: 'X', procedureCode: 'HT-05', receivedAt: '2026-03-02T09:00:00+07:00' }, [cat]);
    expect(r).toMatchObject({ ok: false, held: { reason: 'procedure-no-national-code' } });
  });

  it('maps a projection to a schema-valid item, ordered by MaHoSo in the body', () => {
    const p2 = projectionMake('b', 'H05.01-260302-0002', 'HT-05', '2026-03-02T09:00:00+07:00');
    const p1 = projectionMake('a', 'H05.01-260302-0001', '2.000815', '2026-03-02T08:00:00+07:00', true);
    const items = [p2, p1].map((p) => dvcqgItemFromProjection(p, [], [testCatalogue]));
    const ok = items.flatMap((r) => (r.ok ? [r.item] : []));
    expect(ok).toHaveLength(2);
    const body = dongBoHoSoMcBuild('H05.01', ok);
    expect(body.data.map((d) => d.MaHoSo)).toEqual(['H05.01-260302-0001', 'H05.01-260302-0002']);
    expect(body.data[0]).toMatchObject({ MaTTHC: '2.000815', TrangThaiHoSo: 10, NgayTra: '20260302160000', DanhSachLePhi: [{ Gia: 8000 }] });
  });
});
