import { isoFromDay, vnIsoFormat, vnWall } from '../../../shared/domain/time/vnTime.js';

// Whether this PC's clock may write legal records (issue: trusted time at an offline counter).
// A wrong clock is never accepted silently and never refused silently: each problem names what is
// wrong and how to fix it, and a supervisor's override (with its reason) lifts the block for a while.

export type ClockProblemCode = 'offset-too-large' | 'ran-backwards' | 'outside-rule-packs';

export interface ClockProblem {
  code: ClockProblemCode;
  message: string;
  fix: string;
}

export interface ClockOverride {
  userId: string;
  userName: string;
  reason: string;
  at: string;
  until: string;
}

export interface ClockTrustInput {
  pcNowMs: number;
  serverOffsetMs: number | null;
  lastIssuedMs: number;
  /** The range of Vietnam dates the rule packs in force cover (calendar years, catalogue validity). */
  validFrom: string;
  validTo: string;
  boundMs: number;
}

function minutes(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  return m >= 120 ? `${Math.round(m / 60)} giờ` : `${m} phút`;
}

export function clockProblems(input: ClockTrustInput): ClockProblem[] {
  const problems: ClockProblem[] = [];
  const setClock = 'Chỉnh lại ngày giờ của máy tính (múi giờ Asia/Ho_Chi_Minh, UTC+7), hoặc nhờ lãnh đạo cho phép tạm thời kèm lý do.';
  if (input.serverOffsetMs !== null && Math.abs(input.serverOffsetMs) > input.boundMs) {
    problems.push({
      code: 'offset-too-large',
      message: `Đồng hồ máy tính ${input.serverOffsetMs > 0 ? 'chậm' : 'nhanh'} ${minutes(input.serverOffsetMs)} so với máy chủ tỉnh.`,
      fix: setClock,
    });
  }
  const corrected = input.pcNowMs + (input.serverOffsetMs ?? 0);
  if (corrected + 60_000 < input.lastIssuedMs) {
    problems.push({
      code: 'ran-backwards',
      message: `Đồng hồ máy tính đang ở ${vnIsoFormat(corrected)}, trước sự kiện đã ghi lúc ${vnIsoFormat(input.lastIssuedMs)}.`,
      fix: setClock,
    });
  }
  const today = isoFromDay(vnWall(corrected).day);
  if (today < input.validFrom || today > input.validTo) {
    problems.push({
      code: 'outside-rule-packs',
      message: `Ngày của máy tính (${today}) nằm ngoài thời gian áp dụng của danh mục và lịch làm việc (${input.validFrom} – ${input.validTo}).`,
      fix: `${setClock} Nếu ngày đúng, cần đồng bộ bộ quy tắc mới từ máy chủ.`,
    });
  }
  return problems;
}
