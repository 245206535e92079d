import type { FormFonts } from './fonts.js';
import { headerDraw, titleDraw } from './header.js';
import { lineDraw, runsWrap, type Flow } from './layout.js';
import { countVi, dateShortVi, dateTimeShortVi, formTitles, type FormBookRow, type FormDossierView } from './model.js';
import { tableDraw, type Column } from './table.js';

// Sổ theo dõi hồ sơ (Mẫu 06 of 2018, 07 of 2025; one-stop.md §3.7): a landscape register page.
// The "Quyển số / Số thứ tự" printed on Mẫu 01 points at a line of this book. Columns follow
// §3.7 (to be checked against Phụ lục I of Circular 03/2025 before production use).

const columns: Column[] = [
  { title: 'STT', width: 3.8, align: 'center' },
  { title: 'Mã hồ sơ', width: 11.5 },
  { title: 'Tên TTHC', width: 14 },
  { title: 'Số lượng hồ sơ (bộ)', width: 5, align: 'center' },
  { title: 'Tên cá nhân, tổ chức', width: 10.5 },
  { title: 'Địa chỉ, số điện thoại', width: 10.5 },
  { title: 'Cơ quan chủ trì giải quyết', width: 9 },
  { title: 'Nhận hồ sơ', width: 7.8, align: 'center', group: 'Ngày, tháng, năm' },
  { title: 'Hẹn trả kết quả', width: 7.8, align: 'center', group: 'Ngày, tháng, năm' },
  { title: 'Chuyển hồ sơ đến cơ quan giải quyết', width: 7.8, align: 'center', group: 'Ngày, tháng, năm' },
  { title: 'Nhận kết quả từ cơ quan giải quyết', width: 7.8, align: 'center', group: 'Ngày, tháng, năm' },
  { title: 'Trả kết quả cho cá nhân, tổ chức', width: 7.8, align: 'center', group: 'Ngày, tháng, năm' },
  { title: 'Ký nhận', width: 6, align: 'center' },
  { title: 'Ghi chú', width: 6 },
];

/** The dossier itself as a book line, for an export that carries no book rows. */
export function bookRowOf(view: FormDossierView): FormBookRow {
  const row: FormBookRow = {
    seq: view.logbook?.seq ?? 1,
    dossierCode: view.dossierCode,
    procedureName: view.procedure.name,
    setCount: view.setCount,
    applicantName: view.applicant.name,
    addressPhone: [view.applicant.address, view.applicant.phone].filter(Boolean).join('; '),
    handlingAgency: view.agency.handlingAgency,
    receivedAt: view.receivedAt,
    note: '',
  };
  if (view.dueAt) row.dueAt = view.dueAt;
  return row;
}

const when = (iso: string | undefined): string => (iso ? dateTimeShortVi(iso).replace(' ', '\n') : '');

export function bookDraw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  const rows = view.bookRows.length > 0 ? view.bookRows : [bookRowOf(view)];
  headerDraw(flow, fonts, view, { leftShare: 0.4 });
  titleDraw(flow, fonts, formTitles.book, 15);
  const days = [...new Set(rows.map((r) => dateShortVi(r.receivedAt)))];
  const span = days.length <= 1 ? `Ngày ${days[0] ?? ''}` : `Từ ngày ${days[0]} đến ngày ${days[days.length - 1]}`;
  const volume = view.logbook ? `Quyển số: ${view.logbook.volume}` : 'Quyển số: ……';
  flow.paragraph(`${volume}   -   ${span}`, fonts.italic, { size: 11, align: 'center', after: 6 });
  tableDraw(
    flow,
    columns,
    rows.map((r) => [
      String(r.seq),
      r.dossierCode,
      r.procedureName,
      countVi(r.setCount),
      r.applicantName,
      r.addressPhone,
      r.handlingAgency,
      when(r.receivedAt),
      when(r.dueAt),
      when(r.transferredAt),
      when(r.resultReceivedAt),
      when(r.returnedAt),
      '',
      r.note,
    ]),
    { font: fonts.regular, bold: fonts.bold, italic: fonts.italic, size: 8.5, headerSize: 8.5, padding: 2.5, numbered: true, minRowHeight: 34 },
  );
  pageNumbers(flow, fonts);
}

function pageNumbers(flow: Flow, fonts: FormFonts): void {
  const total = flow.pages.length;
  flow.pages.forEach((page, i) => {
    const line = runsWrap([{ text: `Trang ${i + 1}/${total}`, font: fonts.italic }], 9, flow.width)[0];
    if (line) lineDraw(page, line, flow.left, flow.bottom - 14, 9, 'right', flow.width);
  });
}
