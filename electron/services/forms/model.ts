// The forms' input view model and the Vietnamese phrasing of times, money and document kinds.
// The schema itself is part of the contract (shared/contract/forms.ts) so the renderer can send
// a ready view; this file holds what only the printing side needs.

export {
  formDossierViewSchema,
  formNumbers,
  formKinds,
  formTitles,
  type FormBookRow,
  type FormComponent,
  type FormControlRow,
  type FormDossierView,
  type FormDossierViewInput,
  type FormKind,
} from '../../../shared/contract/forms.js';

import type { FormComponent } from '../../../shared/contract/forms.js';

// Viet Nam has used UTC+7 without daylight saving since 1975; forms print local counter time.
const zone = 'Asia/Ho_Chi_Minh';

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function localParts(iso: string): LocalParts {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${iso}`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** "08 giờ 15 phút, ngày 30/11/2026" (the receipt's time phrasing). */
export function timeVi(iso: string): string {
  const p = localParts(iso);
  return `${p.hour} giờ ${p.minute} phút, ngày ${p.day}/${p.month}/${p.year}`;
}

/** "ngày 30 tháng 11 năm 2026" (the place-and-date line, Decree 30/2020 style). */
export function dateLongVi(iso: string): string {
  const p = localParts(iso);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

/** "30/11/2026" for table cells. */
export function dateShortVi(iso: string): string {
  const p = localParts(iso);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "30/11/2026 08:15" for table cells that need the hour. */
export function dateTimeShortVi(iso: string): string {
  const p = localParts(iso);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** 1250000 → "1.250.000 đồng" (Vietnamese groups thousands with dots). */
export function moneyVi(amount: number): string {
  const digits = Math.round(amount).toString();
  return `${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

/** Two-digit counts as printed on forms: "01", "12". */
export function countVi(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export const componentKindVi: Record<FormComponent['kind'], string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  'certified-copy': 'Bản sao chứng thực',
  photocopy: 'Bản chụp',
};

/** The local calendar day "2026-11-30", for comparing an instant with a due date. */
export function localDay(iso: string): string {
  const p = localParts(iso);
  return `${p.year}-${p.month}-${p.day}`;
}
