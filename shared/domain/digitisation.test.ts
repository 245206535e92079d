import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dossierDigitisationOf, type ComponentInput } from './digitisation.js';

const sha = 'a'.repeat(64);

describe('dossierDigitisationOf', () => {
  it('a scan whose pages were all dropped as blank is not digitised', () => {
    const d = dossierDigitisationOf([{ componentCode: 'TP1', source: { kind: 'scan', keptPages: 0, pdfSha256: null } }], {
      paperResultRequired: false,
      eResultFile: false,
    });
    expect(d.components[0]?.duocSoHoa).toBe(false);
    expect(d.inputDigitised).toBe(false);
  });

  it('a scanned component counts for 4.2 but not for reuse (4.3)', () => {
    const d = dossierDigitisationOf([{ componentCode: 'TP1', source: { kind: 'scan', keptPages: 2, pdfSha256: sha } }], {
      paperResultRequired: true,
      eResultFile: true,
    });
    expect(d).toMatchObject({ inputDigitised: true, dossierDigitised: true, hoSoCoThanhPhanSoHoa: false });
  });

  it('a paper result without an e-result keeps the dossier out of 4.2', () => {
    const d = dossierDigitisationOf([{ componentCode: 'TP1', source: { kind: 'scan', keptPages: 1, pdfSha256: sha } }], {
      paperResultRequired: true,
      eResultFile: false,
    });
    expect(d.dossierDigitised).toBe(false);
  });

  it('reuse from the national store sets DuocLayTuKhoDMQG and HoSoCoThanhPhanSoHoa', () => {
    const d = dossierDigitisationOf(
      [
        { componentCode: 'TP1', source: { kind: 'paper' } },
        { componentCode: 'TP2', source: { kind: 'reuse-national-store', pdfSha256: sha } },
      ],
      { paperResultRequired: false, eResultFile: false },
    );
    expect(d.components[1]).toEqual({ componentCode: 'TP2', duocSoHoa: true, duocLayTuKhoDMQG: true, reused: true });
    expect(d.hoSoCoThanhPhanSoHoa).toBe(true);
  });

  it('reuse implies digitised input, and paper-only dossiers are never digitised', () => {
    const source = fc.oneof(
      fc.record({ kind: fc.constant('scan' as const), keptPages: fc.nat(5), pdfSha256: fc.constantFrom(sha, null) }),
      fc.record({ kind: fc.constant('reuse-digitised' as const), pdfSha256: fc.constant(sha) }),
      fc.record({ kind: fc.constant('reuse-national-store' as const), pdfSha256: fc.constant(sha) }),
      fc.record({ kind: fc.constant('paper' as const) }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ componentCode: fc.string(), source }), { maxLength: 6 }), fc.boolean(), fc.boolean(), (cs, p, e) => {
        const d = dossierDigitisationOf(cs as ComponentInput[], { paperResultRequired: p, eResultFile: e });
        if (d.hoSoCoThanhPhanSoHoa) expect(d.inputDigitised).toBe(true);
        if (cs.every((c) => c.source.kind === 'paper')) expect(d.dossierDigitised).toBe(false);
        if (d.dossierDigitised) expect(d.inputDigitised).toBe(true);
      }),
    );
  });
});
