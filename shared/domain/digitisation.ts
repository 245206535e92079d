// Digitisation flags for the Decision 766 indicators (§7.2 group 4), derived from what was
// actually scanned and reused, never typed in by hand:
//  - TaiLieuNop[].DuocSoHoa: the component has a digitised file (số hóa đầu vào);
//  - TaiLieuNop[].DuocLayTuKhoDMQG: the file came from the citizen's DVCQG data store;
//  - HoSoCoThanhPhanSoHoa: at least one component reuses digitised data (indicator 4.3).
// Indicator 4.2 counts a dossier as digitised when some component has a file attached and,
// where a paper result is required, the result also has a file.

export type ComponentSource =
  /** Scanned at the counter now: counts only if at least one non-blank page was kept. */
  | { kind: 'scan'; keptPages: number; pdfSha256: string | null }
  /** Reused from a component digitised earlier by a one-stop unit (tái sử dụng). */
  | { kind: 'reuse-digitised'; pdfSha256: string }
  /** Taken from the citizen's data store on DVCQG (kho dữ liệu điện tử của tổ chức, cá nhân). */
  | { kind: 'reuse-national-store'; pdfSha256: string }
  /** Paper only: nothing digitised. */
  | { kind: 'paper' };

export interface ComponentInput {
  componentCode: string;
  source: ComponentSource;
}

export interface ComponentFlags {
  componentCode: string;
  duocSoHoa: boolean;
  duocLayTuKhoDMQG: boolean;
  reused: boolean;
}

export interface DossierDigitisation {
  components: ComponentFlags[];
  hoSoCoThanhPhanSoHoa: boolean;
  /** Part (1) of indicator 4.2: some component has a digitised file. */
  inputDigitised: boolean;
  /** Indicator 4.2 as a whole, given whether a paper result is required and an e-result exists. */
  dossierDigitised: boolean;
}

export function componentFlagsOf(c: ComponentInput): ComponentFlags {
  const s = c.source;
  switch (s.kind) {
    case 'scan': {
      const hasFile = s.keptPages > 0 && s.pdfSha256 !== null;
      return { componentCode: c.componentCode, duocSoHoa: hasFile, duocLayTuKhoDMQG: false, reused: false };
    }
    case 'reuse-digitised':
      return { componentCode: c.componentCode, duocSoHoa: true, duocLayTuKhoDMQG: false, reused: true };
    case 'reuse-national-store':
      return { componentCode: c.componentCode, duocSoHoa: true, duocLayTuKhoDMQG: true, reused: true };
    case 'paper':
      return { componentCode: c.componentCode, duocSoHoa: false, duocLayTuKhoDMQG: false, reused: false };
  }
}

export function dossierDigitisationOf(
  components: readonly ComponentInput[],
  result: { paperResultRequired: boolean; eResultFile: boolean },
): DossierDigitisation {
  const flags = components.map(componentFlagsOf);
  const inputDigitised = flags.some((f) => f.duocSoHoa);
  return {
    components: flags,
    hoSoCoThanhPhanSoHoa: flags.some((f) => f.reused),
    inputDigitised,
    dossierDigitised: inputDigitised && (!result.paperResultRequired || result.eResultFile),
  };
}
