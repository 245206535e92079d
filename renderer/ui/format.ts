import { isoInstantParse, vnWall, isoFromDay } from '../../shared/domain/time/vnTime.js';

// Times shown to clerks and citizens, always in Vietnam time whatever the PC's zone.

export function timeVn(iso: string): string {
  const { day, msOfDay } = vnWall(isoInstantParse(iso));
  const [y, m, d] = isoFromDay(day).split('-');
  const minutes = Math.floor(msOfDay / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')} ${d}/${m}/${y}`;
}

export function dateVn(iso: string): string {
  const [y, m, d] = isoFromDay(vnWall(isoInstantParse(iso)).day).split('-');
  return `${d}/${m}/${y}`;
}

export function dong(amount: number): string {
  return `${amount.toLocaleString('vi-VN')} đ`;
}
