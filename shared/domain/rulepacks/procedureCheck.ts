import type { CataloguePack, Procedure } from './cataloguePack.js';
import { procedureFind } from './cataloguePack.js';

// A dossier whose procedure code is not in the catalogue in force cannot be saved or pushed unless a
// supervisor lets it through (the national sync refuses unknown MaTTHC, and the due date would have no
// legal basis). Returned as a typed result so that the UI can offer the override.

export interface SupervisorOverride {
  userId: string;
  role: string;
  reason: string;
}

export type ProcedureCheckResult =
  | { ok: true; procedure: Procedure; overridden: false }
  | { ok: true; procedure: null; overridden: true; override: SupervisorOverride }
  | { ok: false; code: 'procedure-unknown'; message: string; details: { procedureCode: string; catalogueVersion: string; date: string } };

export function procedureCheck(
  procedureCode: string,
  catalogue: CataloguePack,
  date: string,
  override: SupervisorOverride | null = null,
): ProcedureCheckResult {
  const procedure = procedureFind(catalogue, procedureCode.trim(), date);
  if (procedure) return { ok: true, procedure, overridden: false };
  if (override !== null && override.role === 'supervisor' && override.reason.trim().length > 0) {
    return { ok: true, procedure: null, overridden: true, override };
  }
  return {
    ok: false,
    code: 'procedure-unknown',
    message: `Mã thủ tục "${procedureCode}" không có trong danh mục TTHC đang có hiệu lực (phiên bản ${catalogue.version}); cần lãnh đạo cho phép`,
    details: { procedureCode, catalogueVersion: catalogue.version, date },
  };
}

/**
 * The gate before saving or pushing a dossier: its procedure must be in the catalogue in force on the
 * receipt date, or the log must carry a supervisor's override (received.payload.procedureOverride).
 */
export function dossierProcedureGate(
  dossier: { procedureCode: string; procedureOverridden: boolean; receivedAt: string },
  catalogue: CataloguePack,
): ProcedureCheckResult | { ok: true; procedure: null; overridden: true; override: null } {
  const r = procedureCheck(dossier.procedureCode, catalogue, dossier.receivedAt.slice(0, 10));
  if (!r.ok && dossier.procedureOverridden) return { ok: true, procedure: null, overridden: true, override: null };
  return r;
}
