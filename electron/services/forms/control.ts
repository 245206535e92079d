import type { PDFPage } from 'pdf-lib';
import { bodySize, fieldDraw, runsDraw } from './fields.js';
import type { FormFonts } from './fonts.js';
import { headerDraw, titleDraw } from './header.js';
import { lineDraw, runsWrap, tickBox, type Flow, type Run } from './layout.js';
import { procedureText } from './mau01.js';
import { formTitles, timeVi, type FormControlRow, type FormDossierView } from './model.js';
import { tableDraw, type CellBox } from './table.js';

// Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 of 2018, 06 of 2025; one-stop.md §3.6).
// One row per hand-off, derived from the append-only event log: who gave the dossier to whom and
// when, and whether that step finished early, on time or late. Blank rows are left for the steps
// still to come, since the paper slip travels with the dossier and is filled in by hand.

const outcomes: { key: NonNullable<FormControlRow['outcome']>; label: string }[] = [
  { key: 'early', label: 'Trước hạn' },
  { key: 'on-time', label: 'Đúng hạn' },
  { key: 'late', label: 'Quá hạn' },
];

const cellSize = 10.5;
const blankRows = 1;

export function controlDraw(flow: Flow, fonts: FormFonts, view: FormDossierView): void {
  headerDraw(flow, fonts, view, { dateIso: view.receivedAt });
  titleDraw(flow, fonts, formTitles.control);
  flow.paragraph([{ text: 'Mã hồ sơ: ', font: fonts.regular }, { text: view.dossierCode, font: fonts.bold }], fonts.regular, {
    size: bodySize,
    align: 'center',
  });
  flow.paragraph('(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)', fonts.italic, { size: bodySize - 1, align: 'center', after: 6 });
  fieldDraw(flow, fonts, 'Kèm theo hồ sơ của:', view.applicant.name);
  runsDraw(flow, fonts, [
    { text: '(Liên hệ: Số điện thoại ', font: fonts.regular },
    { text: view.applicant.phone || '……………', font: view.applicant.phone ? fonts.bold : fonts.regular },
    { text: '  Email ', font: fonts.regular },
    { text: view.applicant.email || '……………', font: view.applicant.email ? fonts.bold : fonts.regular },
    { text: ')', font: fonts.regular },
  ]);
  fieldDraw(flow, fonts, 'Nội dung yêu cầu giải quyết:', procedureText(view));
  fieldDraw(flow, fonts, 'Thời gian nhận hồ sơ:', timeVi(view.receivedAt));
  fieldDraw(flow, fonts, 'Thời gian hẹn trả kết quả:', view.dueAt ? timeVi(view.dueAt) : '');
  fieldDraw(flow, fonts, 'Cơ quan (bộ phận) giải quyết hồ sơ:', view.agency.handlingAgency);
  fieldDraw(flow, fonts, 'Cơ quan phối hợp giải quyết hồ sơ:', view.agency.coordinatingAgency);
  flow.gap(4);

  const rows = [...view.controlRows.map((r) => rowCells(fonts, r)), ...Array.from({ length: blankRows }, () => rowCells(fonts, null))];
  tableDraw(
    flow,
    [
      { title: 'TÊN CƠ QUAN', width: 27 },
      { title: 'THỜI GIAN GIAO, NHẬN HỒ SƠ', width: 40 },
      { title: 'KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ Đúng hạn/ Quá hạn)', width: 19 },
      { title: 'GHI CHÚ', width: 14 },
    ],
    rows,
    { font: fonts.regular, bold: fonts.bold, size: cellSize, headerSize: 10, padding: 3 },
  );
}

function rowCells(fonts: FormFonts, row: FormControlRow | null): [Run[], CellBox, CellBox, string] {
  const units: Run[] = [
    { text: '1. Giao: ', font: fonts.bold },
    { text: `${row?.fromUnit || '……………………'}\n`, font: fonts.regular },
    { text: '2. Nhận: ', font: fonts.bold },
    { text: row?.toUnit || '……………………', font: fonts.regular },
  ];
  return [units, handoffBox(fonts, row), outcomeBox(fonts, row?.outcome), row?.note ?? ''];
}

/** Time of the hand-off, then "Người giao" and "Người nhận" side by side with room to sign. */
function handoffBox(fonts: FormFonts, row: FormControlRow | null): CellBox {
  const lh = cellSize * 1.25;
  const room = 26;
  const time = row ? timeVi(row.at) : '… giờ … phút, ngày …/…/……';
  return {
    height: (width) => runsWrap([{ text: time, font: fonts.regular }], cellSize, width).length * lh + lh * 2 + room + lh,
    draw: (page: PDFPage, x: number, top: number, width: number) => {
      let y = top;
      for (const line of runsWrap([{ text: time, font: fonts.bold }], cellSize, width)) {
        lineDraw(page, line, x, y - cellSize, cellSize, 'center', width);
        y -= lh;
      }
      const half = width / 2;
      const people: [string, string][] = [
        ['Người giao', row?.fromUser ?? ''],
        ['Người nhận', row?.toUser ?? ''],
      ];
      people.forEach(([label, name], i) => {
        const cx = x + i * half;
        let py = y;
        const put = (text: string, font: typeof fonts.regular, size: number): void => {
          const line = runsWrap([{ text, font }], size, half - 2)[0];
          if (line) lineDraw(page, line, cx, py - size, size, 'center', half);
          py -= lh;
        };
        put(label, fonts.bold, cellSize);
        put('(ký, ghi rõ họ tên)', fonts.italic, cellSize - 1.5);
        py -= room;
        if (name) put(name, fonts.regular, cellSize);
      });
    },
  };
}

function outcomeBox(fonts: FormFonts, outcome: FormControlRow['outcome']): CellBox {
  const lh = cellSize * 1.45;
  const side = cellSize * 0.75;
  return {
    height: () => outcomes.length * lh,
    draw: (page, x, top) => {
      outcomes.forEach((o, i) => {
        const baseline = top - cellSize - i * lh;
        tickBox(page, x + 2, baseline - 1, side, outcome === o.key);
        page.drawText(o.label, { x: x + side + 7, y: baseline, size: cellSize, font: fonts.regular });
      });
    },
  };
}
