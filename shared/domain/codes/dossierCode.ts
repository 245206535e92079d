import { AppError } from '../../contract/errors.js';
import { isoFromDay, vnWall, type IsoDate } from '../time/vnTime.js';

// Dossier code (mã hồ sơ), Decree 61/2018 Art. 26 and Circular 01/2018: AGENCY-YYMMDD-NNNN, where
// NNNN is the sequence of dossiers the agency received that day. Offline counter PCs must never collide,
// so each workstation draws from a block of the daily sequence assigned by the server or a supervisor
// (§4.2 option a); the server still checks uniqueness. Codes made upstream (online, postal) are imported
// unchanged, never regenerated.

export type DossierCode = string & { readonly __brand: 'DossierCode' };

export const dossierCodeStandardRe = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/;
const agencyRe = /^[A-Z0-9.]{3,20}$/;

export interface SequenceBlock {
  id: string;
  agencyCode: string;
  workstationId: string;
  /** Inclusive range inside 1..9999 of the daily sequence. */
  from: number;
  to: number;
}

export interface SequenceState {
  blockId: string;
  /** Vietnam date of the last issued code; the sequence restarts at block.from each day. */
  date: IsoDate;
  next: number;
}

export function sequenceBlockCheck(b: SequenceBlock): void {
  if (!agencyRe.test(b.agencyCode)) throw new AppError('validation-failed', `Mã cơ quan không hợp lệ: ${b.agencyCode}`, { block: b });
  if (!Number.isInteger(b.from) || !Number.isInteger(b.to) || b.from < 1 || b.to > 9999 || b.from > b.to) {
    throw new AppError('validation-failed', `Khối số không hợp lệ: ${b.from}–${b.to} (trong 1–9999)`, { block: b });
  }
}

/** Refuses overlapping blocks of one agency (the supervisor's assignment must partition the day). */
export function sequenceBlocksCheck(blocks: readonly SequenceBlock[]): void {
  blocks.forEach(sequenceBlockCheck);
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = blocks[i] as SequenceBlock;
      const b = blocks[j] as SequenceBlock;
      if (a.agencyCode === b.agencyCode && a.from <= b.to && b.from <= a.to) {
        throw new AppError('conflict', `Khối số ${a.id} (${a.from}–${a.to}) trùng với ${b.id} (${b.from}–${b.to})`, { a, b });
      }
    }
  }
}

export function dossierCodeFormat(agencyCode: string, date: IsoDate, seq: number): DossierCode {
  const yymmdd = date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
  return `${agencyCode}-${yymmdd}-${String(seq).padStart(4, '0')}` as DossierCode;
}

/** Issues the next code of a workstation's block for a receipt instant (Vietnam date). */
export function dossierCodeNext(
  block: SequenceBlock,
  state: SequenceState | null,
  receivedAt: number,
): { code: DossierCode; state: SequenceState } {
  sequenceBlockCheck(block);
  const date = isoFromDay(vnWall(receivedAt).day);
  const sameRun = state !== null && state.blockId === block.id && state.date === date;
  if (state !== null && state.blockId === block.id && state.date > date) {
    throw new AppError('clock-untrusted', `Ngày tiếp nhận ${date} trước ngày đã cấp mã ${state.date}`, { date, state });
  }
  const seq = sameRun ? state.next : block.from;
  if (seq > block.to) {
    throw new AppError('conflict', `Đã dùng hết khối số ${block.from}–${block.to} của máy trong ngày ${date}; cần cấp khối mới`, { block, date });
  }
  return { code: dossierCodeFormat(block.agencyCode, date, seq), state: { blockId: block.id, date, next: seq + 1 } };
}

export interface DossierCodeParts {
  agencyCode: string;
  date: IsoDate;
  seq: number;
}

export function dossierCodeParse(code: string): DossierCodeParts | null {
  const m = /^([A-Z0-9.]{3,20})-(\d{2})(\d{2})(\d{2})-(\d{4})$/.exec(code);
  if (!m) return null;
  return { agencyCode: m[1] as string, date: `20${m[2]}-${m[3]}-${m[4]}`, seq: Number(m[5]) };
}

/** An upstream code (online, postal, another system) is kept as it is; only its shape is checked. */
export function dossierCodeImport(code: string): { code: DossierCode; standard: boolean } {
  const trimmed = code.trim();
  if (trimmed.length < 3 || trimmed.length > 60 || /\s/.test(trimmed)) {
    throw new AppError('validation-failed', `Mã hồ sơ nhập khẩu không hợp lệ: "${code}"`, { code });
  }
  return { code: trimmed as DossierCode, standard: dossierCodeStandardRe.test(trimmed) };
}
